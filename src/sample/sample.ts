/**
 * The embedded sample workbook: a realistic, entirely fictitious county record for base year
 * 2026 (today 2026-11-26), built deterministically from a seed. `buildSample()` gives about 200
 * staff in 11 units; `generateCounty()` scales the same generator up for benchmarks.
 *
 * Shape (position-free): a Map from sheet name to rows, each row a record from column name to
 * cell, input columns only (computed columns are left to compute). Dates are Date cells at
 * midnight Asia/Shanghai, as Sheets hands them; years, days and money are numbers.
 * `sampleAsGrids` lays the rows out under the spec's header for a workbook adapter.
 */
import type { Cell, Grid } from "../records/cells";
import type { SheetSpec } from "../records/spec";
import { AWARD_STANDARD_DEFAULTS, PARAM_DEFAULTS, SHEETS } from "../records/schema";
import { makeIdNumber } from "../records/idcard";
import { type Day, dayFromYmd, instantFromDay, weekday, ymdFromDay } from "../rules/dates";
import { officialCalendar } from "../rules/calendar";
import { serviceYears } from "../rules/service";
import { leaveEntitlement, leaveTier } from "../rules/leave";
import { Random } from "./random";
import { PLACE_CHARS, fictitiousName } from "./names";

export type SampleRow = Record<string, Cell>;
/** Sheet name → rows by column name (input columns only). */
export type SampleWorkbook = Map<string, SampleRow[]>;

/** The sample's "today" and base year. */
export const SAMPLE_TODAY = "2026-11-26";
export const SAMPLE_BASE_YEAR = 2026;
export const SAMPLE_SEED = 20_261_126;

const TODAY: Day = dayFromYmd(2026, 11, 26);
const YEARS = [2025, 2026] as const;

const date = (d: Day): Date => instantFromDay(d);
const ymd = (y: number, m: number, d: number): Date => instantFromDay(dayFromYmd(y, m, d));

interface UnitSeed {
  name: string;
  nature: "机关" | "事业单位";
  authority: "组织部门" | "人社部门";
  slug: string;
  category: "公务员" | "参公管理" | "事业单位";
  staff: number;
  /** School staff have winter and summer vacations (寒暑假). */
  school?: boolean;
}

const BASE_UNITS: readonly UnitSeed[] = [
  {
    name: "县委办公室",
    nature: "机关",
    authority: "组织部门",
    slug: "xwb",
    category: "公务员",
    staff: 16,
  },
  {
    name: "县人民政府办公室",
    nature: "机关",
    authority: "组织部门",
    slug: "zfb",
    category: "公务员",
    staff: 18,
  },
  {
    name: "县发展和改革局",
    nature: "机关",
    authority: "组织部门",
    slug: "fgj",
    category: "公务员",
    staff: 17,
  },
  {
    name: "县财政局",
    nature: "机关",
    authority: "组织部门",
    slug: "czj",
    category: "公务员",
    staff: 19,
  },
  {
    name: "县农业农村局",
    nature: "机关",
    authority: "组织部门",
    slug: "nyj",
    category: "公务员",
    staff: 18,
  },
  {
    name: "城关镇人民政府",
    nature: "机关",
    authority: "组织部门",
    slug: "cgz",
    category: "公务员",
    staff: 22,
  },
  {
    name: "县档案馆",
    nature: "事业单位",
    authority: "组织部门",
    slug: "dag",
    category: "参公管理",
    staff: 10,
  },
  {
    name: "县第一中学",
    nature: "事业单位",
    authority: "人社部门",
    slug: "yz",
    category: "事业单位",
    staff: 30,
    school: true,
  },
  {
    name: "县人民医院",
    nature: "事业单位",
    authority: "人社部门",
    slug: "yy",
    category: "事业单位",
    staff: 25,
  },
  {
    name: "县农业技术推广中心",
    nature: "事业单位",
    authority: "人社部门",
    slug: "nj",
    category: "事业单位",
    staff: 13,
  },
  {
    name: "县融媒体中心",
    nature: "事业单位",
    authority: "人社部门",
    slug: "rm",
    category: "事业单位",
    staff: 12,
  },
];

/** 2026 leave circumstances that hit each exclusion of 条例第四条 and each near miss. */
const SPECIAL_CASES: readonly { tier: number; sick?: number; personal?: number }[] = [
  { tier: 5, sick: 2 }, // 1–10 years, 2 months sick → none
  { tier: 5, sick: 1.5 }, // below the threshold → 5 days
  { tier: 10, sick: 3 }, // 10–20 years, 3 months → none
  { tier: 10, sick: 2.5 },
  { tier: 15, sick: 4 }, // 20+ years, 4 months → none
  { tier: 15, sick: 3.5 },
  { tier: 5, personal: 20 }, // 事假 20 days → none
  { tier: 10, personal: 19 }, // 19 days → keeps the entitlement
  { tier: 5, personal: 8 }, // more than the entitlement, under 20 → no extra pay
];

interface Person {
  id: string;
  name: string;
  unit: UnitSeed;
  category: "公务员" | "参公管理" | "事业单位";
  start: Day;
  income: number;
  status: "在职" | "调出" | "退休";
}

export interface CountyOptions {
  units: number;
  staff: number;
  /** Target number of 休假记录 rows (approximate). */
  leaveRecords: number;
  seed: number;
}

/** The embedded sample: about 200 staff in 11 units, base year 2026. */
export function buildSample(): SampleWorkbook {
  return generate(
    { units: BASE_UNITS.length, staff: 200, leaveRecords: 0, seed: SAMPLE_SEED },
    true,
  );
}

/** A generated county of any size (benchmarks), same shape and rules as the sample. */
export function generateCounty(options: CountyOptions): SampleWorkbook {
  return generate(options, false);
}

/** Lay rows out under each spec's header (spec column order, header row first). */
export function sampleAsGrids(
  sample: SampleWorkbook,
  specs: readonly SheetSpec[] = SHEETS,
): Map<string, Grid> {
  const grids = new Map<string, Grid>();
  for (const spec of specs) {
    const header = spec.columns.map((c) => c.name);
    const rows = sample.get(spec.name) ?? [];
    const grid: Grid = [header];
    for (const row of rows)
      grid.push(header.map((name) => (name in row ? (row[name] ?? null) : null)));
    grids.set(spec.name, grid);
  }
  return grids;
}

// ---------------------------------------------------------------------------------------------

function makeUnits(count: number, random: Random): UnitSeed[] {
  const units = BASE_UNITS.slice(0, Math.min(count, BASE_UNITS.length)).map((u) => ({ ...u }));
  const names = new Set(units.map((u) => u.name));
  const kinds: readonly Omit<UnitSeed, "name" | "slug" | "staff">[] = [
    { nature: "机关", authority: "组织部门", category: "公务员" },
    { nature: "事业单位", authority: "人社部门", category: "事业单位", school: true },
    { nature: "事业单位", authority: "人社部门", category: "事业单位" },
  ];
  const suffixes = [
    ["镇人民政府", "乡人民政府"],
    ["中学", "小学"],
    ["卫生院", "农业综合服务中心"],
  ];
  let n = units.length;
  while (units.length < count) {
    const k = n % 3;
    const place = random.pick(PLACE_CHARS) + random.pick(PLACE_CHARS);
    let name = place + random.pick(suffixes[k]);
    if (names.has(name)) name = `${place}第${n}${suffixes[k][0]}`;
    if (names.has(name)) {
      n++;
      continue;
    }
    names.add(name);
    units.push({ ...kinds[k], name, slug: `u${n}`, staff: 0 });
    n++;
  }
  return units;
}

function generate(options: CountyOptions, sample: boolean): SampleWorkbook {
  const random = new Random(options.seed);
  const calendar = officialCalendar();
  const units = makeUnits(options.units, random);

  // Staff per unit: the sample's fixed sizes, or an even spread with some variation.
  const sizes = sample
    ? units.map((u) => u.staff)
    : (() => {
        const base = Math.floor(options.staff / units.length);
        const s = units.map(() => base);
        for (let i = 0; i < options.staff - base * units.length; i++) s[i % s.length]++;
        return s;
      })();

  const idWidth = Math.max(4, String(options.staff).length);
  const people: Person[] = [];
  const idRows: SampleRow[] = [];
  let seq = 0;
  // Start dates that land on the leave tiers' edges: under one year, around 1/10/20 years.
  const edgeStarts: readonly Day[] = [
    dayFromYmd(2026, 3, 2),
    dayFromYmd(2026, 7, 15),
    dayFromYmd(2025, 8, 1),
    dayFromYmd(2025, 12, 10),
    dayFromYmd(2016, 5, 10),
    dayFromYmd(2016, 12, 15),
    dayFromYmd(2017, 1, 9),
    dayFromYmd(2006, 6, 1),
    dayFromYmd(2006, 12, 20),
    dayFromYmd(2007, 3, 12),
  ];
  units.forEach((unit, ui) => {
    for (let i = 0; i < sizes[ui]; i++) {
      seq++;
      const id = `WX${String(seq).padStart(idWidth, "0")}`;
      const name = fictitiousName(random);
      const category: Person["category"] =
        unit.name === "城关镇人民政府" && i >= sizes[ui] - 4 ? "事业单位" : unit.category;
      const edge =
        (seq - 1) % 20 === 7 ? edgeStarts[Math.floor((seq - 1) / 20) % edgeStarts.length] : null;
      const startYear = random.int(1988, 2025);
      const start = edge ?? dayFromYmd(startYear, random.int(1, 12), random.int(1, 28));
      const startY = ymdFromDay(start).year;
      const birthYear = Math.max(1966, startY - random.int(21, 25));
      const years = Math.max(0, 2026 - startY);
      const income = Math.min(150_000, 60_000 + years * 1_400 + random.int(0, 24_000));
      const status: Person["status"] =
        startY < 1992 && random.chance(0.3) ? "退休" : random.chance(0.02) ? "调出" : "在职";
      const person: Person = {
        id,
        name,
        unit,
        category,
        start,
        income: Math.round(income / 10) * 10,
        status,
      };
      people.push(person);
      const area = `9901${String(1 + (ui % 99)).padStart(2, "0")}`;
      idRows.push({
        人员编号: id,
        姓名: name,
        单位: unit.name,
        人员类别: category,
        参加工作时间: date(start),
        身份证号: makeIdNumber(
          area,
          birthYear,
          random.int(1, 12),
          random.int(1, 28),
          random.int(1, 999),
        ),
        "上年度工资收入（元）": person.income,
        重点岗位: random.chance(0.15) ? "是" : "否",
        状态: status,
      });
    }
  });
  const active = people.filter((p) => p.status === "在职");
  const byUnit = new Map<string, Person[]>();
  for (const p of active) {
    const list = byUnit.get(p.unit.name);
    if (list) list.push(p);
    else byUnit.set(p.unit.name, [p]);
  }
  const headOf = new Map<string, string>();
  const unitRows: SampleRow[] = units.map((u) => {
    const head = fictitiousName(random);
    headOf.set(u.name, head);
    return {
      单位名称: u.name,
      单位性质: u.nature,
      主要负责人: head,
      联系人: fictitiousName(random),
      联系邮箱: `${u.slug}@example.gov.cn`,
      管理权限: u.authority,
    };
  });

  // ----- awards -----
  const awardRows: SampleRow[] = [];
  const civil = active.filter((p) => p.category !== "事业单位");
  const inst = active.filter((p) => p.category === "事业单位");
  const docSeq: Record<string, number> = {};
  const approval = (year: number, award: string, category: string): [string, string] => {
    const [issuer, prefix] =
      category === "事业单位"
        ? award === "记大功"
          ? ["魏县人民政府", "魏政"]
          : ["县人力资源和社会保障局", "魏人社"]
        : award === "授予国家荣誉称号"
          ? ["国务院", "国发"]
          : award === "记一等功"
            ? ["河北省人民政府", "冀政"]
            : award === "记二等功"
              ? ["邯郸市人民政府", "邯政"]
              : ["中共魏县县委 魏县人民政府", "魏字"];
    const key = `${prefix}${year}`;
    docSeq[key] = (docSeq[key] ?? random.int(3, 20)) + random.int(1, 6);
    return [issuer, `${prefix}〔${year}〕${docSeq[key]}号`];
  };
  const awardsPerYear = (n: number) => Math.max(1, Math.round(n));
  let nationalHonour: Person | null = null;
  for (const year of YEARS) {
    const awarded = new Set<string>();
    const plan: [string, Person[], number][] = [
      ["嘉奖", civil, awardsPerYear(civil.length * 0.09)],
      ["记三等功", civil, awardsPerYear(civil.length * 0.03)],
      ["记二等功", civil, awardsPerYear(civil.length * 0.012)],
      ["记一等功", civil, 1],
      ["授予国家荣誉称号", civil, 1],
      ["嘉奖", inst, awardsPerYear(inst.length * 0.08)],
      ["记功", inst, awardsPerYear(inst.length * 0.03)],
      ["记大功", inst, 1],
    ];
    for (const [award, pool, count] of plan) {
      const eligible = pool.filter((p) => ymdFromDay(p.start).year < year);
      for (let i = 0; i < count && eligible.length; i++) {
        let p = random.pick(eligible);
        for (let tries = 0; tries < 20 && awarded.has(`${award}${p.id}`); tries++)
          p = random.pick(eligible);
        awarded.add(`${award}${p.id}`);
        const approved = dayFromYmd(year, random.int(1, 11), random.int(1, 28));
        const [issuer, number] = approval(year, award, p.category);
        const paid =
          year === 2025
            ? approved + random.int(20, 60)
            : approved < dayFromYmd(2026, 10, 1)
              ? approved + random.int(15, 40)
              : null;
        if (award === "授予国家荣誉称号" && year === 2026) nationalHonour = p;
        awardRows.push({
          年度: year,
          人员编号: p.id,
          姓名: p.name,
          单位: p.unit.name,
          人员类别: p.category,
          奖励类型: award,
          批准机关: issuer,
          批准文号: number,
          批准日期: date(approved),
          发放日期: paid !== null && paid <= TODAY ? date(paid) : null,
          备注: award === "授予国家荣誉称号" ? "示例数据（虚构）" : "",
        });
      }
    }
  }

  // ----- annual leave and leave records -----
  const leaveRows: SampleRow[] = [];
  const recordRows: SampleRow[] = [];
  const teachersSeen = { equal: false };
  let caseIndex = 0;
  const personYears: { p: Person; year: number; ent: number; row: SampleRow }[] = [];
  for (const year of YEARS) {
    for (const p of active) {
      // Service is measured on 11-30 (参数 次月起); someone who starts after it has no row that year.
      if (p.start > dayFromYmd(year, 11, 30)) continue;
      const years = serviceYears(p.start, dayFromYmd(year, 11, 30));
      let sick = 0;
      let personal = 0;
      let vacation = 0;
      if (p.unit.school) {
        // Teachers: school vacations longer than the leave exclude it; one had only 3 days of
        // vacation (kept at work), so the unit makes up the other 2 (实施办法第五条 补足).
        if (!teachersSeen.equal && leaveTier(years) === 5 && year === 2026) {
          vacation = 3;
          teachersSeen.equal = true;
        } else vacation = random.int(35, 55);
      } else if (sample && year === 2026 && caseIndex < SPECIAL_CASES.length) {
        // One person for each exclusion and each near miss (in this order).
        const c = SPECIAL_CASES[caseIndex];
        if (c.tier === leaveTier(years)) {
          sick = c.sick ?? 0;
          personal = c.personal ?? 0;
          caseIndex++;
        }
      } else if (random.chance(0.04)) {
        personal = random.int(1, 25);
      } else if (random.chance(0.03)) {
        sick = random.pick([0.5, 1, 2, 3, 4]);
      }
      const ent = leaveEntitlement(years, {
        sickMonths: sick,
        personalDays: personal,
        vacationDays: vacation,
      });
      const row: SampleRow = {
        年度: year,
        人员编号: p.id,
        姓名: p.name,
        单位: p.unit.name,
        "病假（月）": sick || null,
        "事假（天）": personal || null,
        "寒暑假（天）": vacation || null,
        未休原因: null,
        实际支付日期: null,
        // 实施办法第八条: the year's own income once it is known (2025); 2026 is left blank and
        // falls back to 人员 上年度工资收入 (日工资依据 …（代）).
        "全年工资收入（元）": year === 2025 ? p.income : null,
      };
      leaveRows.push(row);
      personYears.push({ p, year, ent, row });
    }
  }

  // Leave spans: each of n spans in its own slice of the year, so a person's records never overlap.
  const eligible = personYears.filter((py) => py.ent > 0);
  const average = sample ? 0 : options.leaveRecords / Math.max(1, eligible.length);
  const fixedSpans: readonly [Day, Day][] = [
    [dayFromYmd(2026, 9, 29), dayFromYmd(2026, 10, 9)], // across National Day 2026
    [dayFromYmd(2026, 2, 12), dayFromYmd(2026, 2, 27)], // across Spring Festival with both 调休 Saturdays
    [dayFromYmd(2026, 9, 18), dayFromYmd(2026, 9, 22)], // includes the 调休 Sunday 2026-09-20
    [dayFromYmd(2025, 9, 29), dayFromYmd(2025, 10, 10)], // across National Day 2025
    [dayFromYmd(2026, 4, 30), dayFromYmd(2026, 5, 11)], // across Labour Day with the 调休 Saturday
  ];
  let fixedIndex = 0;
  for (const py of eligible) {
    const { p, year, ent, row } = py;
    const lastDay = year === 2026 ? TODAY - 1 : dayFromYmd(year, 12, 24);
    const firstDay = dayFromYmd(year, 1, 5);
    let n: number;
    if (sample) n = random.pick([0, 1, 1, 2, 2, 2, 3]);
    else n = Math.floor(average) + (random.chance(average - Math.floor(average)) ? 1 : 0);
    n = Math.min(n, 3);
    let used = 0;
    const personalLeave = Number(row["事假（天）"] ?? 0);
    // The 事假 8 case keeps all 5 days unused; its unit arranged the leave (单位已安排), so its
    // extra pay is 0 by 实施办法第九条(二) alone.
    let budget = !sample
      ? ent
      : personalLeave === 8
        ? 0
        : random.chance(0.45)
          ? ent
          : random.int(0, ent);
    const spans: [Day, Day, number][] = [];
    // A fixed holiday-crossing span for the first people who have room for it.
    if (sample && fixedIndex < fixedSpans.length && n > 0) {
      const [s, e] = fixedSpans[fixedIndex];
      const days = calendar.workdaysBetween(s, e);
      if (ymdFromDay(s).year === year && days <= ent && e <= lastDay) {
        spans.push([s, e, days]);
        used += days;
        budget = Math.max(budget, used);
        fixedIndex++;
        n--;
      }
    }
    const fixed = spans.length;
    const slice = Math.floor((lastDay - firstDay) / Math.max(1, n + fixed));
    for (let i = 0; i < n && used < budget; i++) {
      const share = sample
        ? random.int(1, 5)
        : Math.min(random.int(1, 5), Math.floor(ent / Math.max(1, n)));
      const length = Math.max(1, Math.min(budget - used, share));
      const sliceStart = firstDay + (i + fixed) * slice;
      let s = sliceStart + random.int(0, Math.max(0, slice - 25));
      while (!calendar.isWorkday(s)) s++;
      let e = s;
      let days = 1;
      while (days < length) {
        e++;
        if (calendar.isWorkday(e)) days++;
      }
      if (e > lastDay) break;
      if (spans.some(([a, b]) => s <= b && a <= e)) continue;
      spans.push([s, e, days]);
      used += days;
    }
    spans.sort((a, b) => a[0] - b[0]);
    for (const [s, e] of spans) {
      recordRows.push({
        人员编号: p.id,
        姓名: p.name,
        开始日期: date(s),
        结束日期: date(e),
        备注: weekday(s) === 5 ? "含周末" : "",
      });
    }
    const unused = ent - used;
    if (unused > 0) {
      // 事假 above the entitlement but under 20 days: the sample's units arranged the leave.
      const arranged = personalLeave > ent && personalLeave < 20;
      const reason =
        personalLeave === 8
          ? "单位已安排"
          : random.chance(0.2)
            ? "本人申请"
            : arranged
              ? "单位已安排"
              : "工作需要";
      row.未休原因 = reason;
      if (year === 2025 && reason === "工作需要" && random.chance(0.6)) {
        row.实际支付日期 = date(dayFromYmd(2026, random.int(1, 3), random.int(1, 28)));
      }
    }
  }

  // ----- leave plans, health checks -----
  const planRows: SampleRow[] = [];
  const healthRows: SampleRow[] = [];
  units.forEach((u, i) => {
    const late = i % 7 === 3;
    planRows.push({
      年度: 2025,
      单位: u.name,
      计划提交日期: ymd(2025, 3, 10 + (i % 15)),
      备案日期: ymd(2025, 3, 15 + (i % 15)),
      备注: "",
    });
    planRows.push({
      年度: 2026,
      单位: u.name,
      计划提交日期: late ? ymd(2026, 4, 8) : ymd(2026, 2, 20 + (i % 8)),
      备案日期: late ? ymd(2026, 4, 15) : ymd(2026, 3, 5 + (i % 20)),
      备注: late ? "逾期提交" : "",
    });
    const filed27 = i % 4 === 0;
    const submitted27 = filed27 || i % 4 === 1;
    planRows.push({
      年度: 2027,
      单位: u.name,
      计划提交日期: submitted27 ? ymd(2026, 11, 10 + (i % 10)) : null,
      备案日期: filed27 ? ymd(2026, 11, 20 + (i % 5)) : null,
      备注: "",
    });
    const staff = (byUnit.get(u.name) ?? []).length;
    healthRows.push({
      年度: 2025,
      单位: u.name,
      方案备案日期: ymd(2025, 4, 10 + (i % 15)),
      体检完成日期: ymd(2025, 9, 10 + (i % 15)),
      参检人数: Math.max(0, staff - (i % 3)),
      情况备案日期: ymd(2025, 11, 5 + (i % 20)),
    });
    const planState = i % 6; // 0,1,2,3: on time; 4: late; 5: not filed
    const planFiled =
      planState <= 3 ? ymd(2026, 4, 8 + (i % 20)) : planState === 4 ? ymd(2026, 6, 20) : null;
    const reportFiled = planState <= 1 ? ymd(2026, 11, 10 + (i % 12)) : null;
    healthRows.push({
      年度: 2026,
      单位: u.name,
      方案备案日期: planFiled,
      体检完成日期: planFiled ? ymd(2026, 9, 8 + (i % 20)) : null,
      参检人数: planFiled ? Math.max(0, staff - (i % 4)) : null,
      情况备案日期: reportFiled,
    });
  });

  // ----- training -----
  const trainingTopics: Record<string, readonly string[]> = {
    走出去: [
      "赴西柏坡纪念馆开展红色教育",
      "赴浙江安吉学习乡村振兴经验",
      "赴雄安新区学习项目建设管理",
      "赴一二九师司令部旧址开展党性教育",
    ],
    请进来: [
      "邀请党校教授讲授党的创新理论",
      "邀请专家开展健康知识讲座",
      "邀请律师讲授依法行政",
      "邀请心理咨询师开展减压辅导",
    ],
    在职自学: ["组织干部参加在职学历教育", "干部网络学院专题学习", "读书班集中自学"],
  };
  const trainingRows: SampleRow[] = [];
  units.forEach((u, i) => {
    const staff = (byUnit.get(u.name) ?? []).length;
    const count = 1 + (i % 3);
    for (let k = 0; k < count; k++) {
      const form = (["走出去", "请进来", "在职自学"] as const)[(i + k) % 3];
      trainingRows.push({
        日期: ymd(random.pick([2025, 2026]), random.int(3, 10), random.int(1, 28)),
        单位: u.name,
        形式: form,
        内容: random.pick(trainingTopics[form]),
        参加人数: Math.max(1, Math.min(staff, random.int(5, 40))),
      });
    }
  });

  // ----- talks and visits -----
  const talkReasons = [
    "岗位调整谈心",
    "新入职谈心",
    "年度考核后谈心",
    "工作压力疏导",
    "家庭困难走访",
  ];
  const difficulties = [
    "父母年迈需要照顾",
    "子女上学负担较重",
    "住房遭受暴雨损毁",
    "配偶长期在外地工作",
  ];
  const measures = [
    "协调弹性安排工作时间",
    "帮助联系社区服务",
    "送去慰问金和慰问品",
    "协调单位工会帮扶",
  ];
  const talkRows: SampleRow[] = [];
  units.forEach((u, i) => {
    const staff = byUnit.get(u.name) ?? [];
    if (!staff.length) return;
    const count = sample ? 2 + (i % 3) : 2;
    for (let k = 0; k < count; k++) {
      const visit = (i + k) % 3 === 0;
      const target = random.pick(staff);
      const talkDay = dayFromYmd(2026, random.int(1, 10), random.int(1, 28));
      const follow = visit || k % 2 === 0 ? talkDay + random.int(20, 70) : null;
      const done =
        follow !== null && follow < TODAY && (i + k) % 2 === 0 ? follow - random.int(0, 10) : null;
      talkRows.push({
        日期: date(talkDay),
        单位: u.name,
        谈话人: headOf.get(u.name) ?? "",
        对象: target.name,
        类型: visit ? "走访慰问" : "谈心谈话",
        事由: visit ? "家庭困难走访" : random.pick(talkReasons.slice(0, 4)),
        困难情况: visit ? random.pick(difficulties) : "",
        跟进措施: follow !== null ? random.pick(measures) : "",
        跟进日期: follow !== null ? date(follow) : null,
        跟进完成日期: done !== null ? date(done) : null,
      });
    }
  });

  // ----- unit scores and assessments -----
  const scoreRows: SampleRow[] = [];
  const assessmentRows: SampleRow[] = [];
  const conditionBases: Record<string, string> = {
    省市考核排位前三名: "全市同类单位年度考核排名第二（市考核通报）",
    零信访无事故: "全年零信访，社会治安、安全生产无事故（县信访局、应急局证明）",
    突出贡献: "在招商引资工作中作出突出贡献（县委表彰决定）",
    国家级荣誉: "获授予国家荣誉称号（见奖励记录）",
  };
  for (const year of YEARS) {
    const scores = random.shuffle(
      units.map((_, i) => 850 + Math.floor((i * 140) / Math.max(1, units.length))),
    );
    const ranked = units
      .map((u, i) => ({ u, score: scores[i] / 10 }))
      .sort((a, b) => b.score - a.score);
    const topCount = Math.ceil((units.length * 10) / 100);
    ranked.forEach(({ u, score }, r) => {
      scoreRows.push({ 年度: year, 单位: u.name, 目标责任考核得分: score });
      const staff = (byUnit.get(u.name) ?? []).filter((p) => ymdFromDay(p.start).year <= year);
      const percent = r < topCount ? 25 : 20;
      const quota = Math.floor((staff.length * percent) / 100);
      const green = new Map<string, string>();
      for (const p of staff) {
        if (year === 2026 && nationalHonour && p.id === (nationalHonour as Person).id)
          green.set(p.id, "国家级荣誉");
      }
      const candidates = random.shuffle(staff).filter((p) => !green.has(p.id));
      const greenCount = Math.min(quota - green.size, staff.length >= 15 ? 1 : 0);
      for (let k = 0; k < greenCount && k < candidates.length; k++) {
        const condition =
          u.name === "县发展和改革局"
            ? "省市考核排位前三名"
            : u.name === "城关镇人民政府"
              ? "零信访无事故"
              : "突出贡献";
        green.set(candidates[k].id, condition);
      }
      const rest = candidates.filter((p) => !green.has(p.id));
      const excellent = new Set<string>([...green.keys()]);
      for (const p of rest) {
        if (excellent.size >= quota) break;
        excellent.add(p.id);
      }
      const lowOne = rest.find((p) => !excellent.has(p.id) && random.chance(0.05));
      for (const p of staff) {
        const civilScale = p.category !== "事业单位";
        const grade = excellent.has(p.id)
          ? "优秀"
          : lowOne && lowOne.id === p.id
            ? civilScale
              ? "基本称职"
              : "基本合格"
            : civilScale
              ? "称职"
              : "合格";
        const condition = green.get(p.id) ?? "";
        assessmentRows.push({
          年度: year,
          人员编号: p.id,
          姓名: p.name,
          单位: u.name,
          绿色通道条件: condition,
          依据: condition ? conditionBases[condition] : "",
          最终等次: grade,
        });
      }
    });
  }

  const workbook: SampleWorkbook = new Map();
  workbook.set(
    "参数",
    PARAM_DEFAULTS.map(([k, v, d]) => ({ 参数: k, 值: v, 说明: d })),
  );
  workbook.set(
    "奖励标准",
    AWARD_STANDARD_DEFAULTS.map(([c, a, b, r]) => ({
      人员类别: c,
      奖励类型: a,
      "奖金（元）": b,
      参照: r,
    })),
  );
  workbook.set("单位", unitRows);
  workbook.set("人员", idRows);
  workbook.set("奖励", awardRows);
  workbook.set("年休假", leaveRows);
  workbook.set("休假记录", recordRows);
  workbook.set("年休假计划", planRows);
  workbook.set("体检", healthRows);
  workbook.set("培训", trainingRows);
  workbook.set("谈心谈话", talkRows);
  workbook.set("考核", assessmentRows);
  workbook.set("单位考核", scoreRows);
  workbook.set("节假日", []);
  workbook.set("提醒", []);
  workbook.set("文档", []);
  workbook.set("日志", []);
  return workbook;
}
