/**
 * A deterministic corpus of malformed cells over every input column of every input sheet,
 * placed into a copy of the embedded sample (one odd cell per row).
 *
 * Each entry records where the cell is (sheet, row as the user sees it, column), the value,
 * and the verdict: "flag" when `check` must report a problem there, "ok" when the value is
 * odd but valid (full-width digits, dates typed as 2026/3/1, blanks of spaces in optional
 * columns, formula-like text in free-text columns …) and `check` must NOT report that row.
 *
 * Rows are appended to the sample (fresh keys, so nothing collides with the sample's rows),
 * except in 参数, whose typed keys are corrupted in place (one key per row).
 *
 * Decisions where the policy is silent (the tests rely on them):
 * - Text columns accept any text up to 500 characters, formula-like text included (it stays
 *   text); a 10,000-character text is a problem everywhere, 参数 included.
 * - A number in a date column is a spreadsheet serial date (valid), except negatives and
 *   numbers beyond 9999-12-31; a Date in a year column stands for its year.
 * - "+1" is the number 1 (valid in a count column, a problem as a year or a date); "-1" is a
 *   problem wherever a number must not be negative.
 * - true/false in a 是/否 column is 是/否; elsewhere a problem unless the column is free text.
 * - An unknown key in 参数 is not a problem (people keep their own notes there); a value whose
 *   key is blank is.
 * - References (人员编号, 单位, 姓名 in sheets that name a person) must match 人员/单位; the
 *   comparison ignores spaces and full-width forms of names and units.
 */
import type { Cell } from "../../src/records/cells";
import type { ColumnSpec } from "../../src/records/spec";
import { INPUT_SHEETS, inputColumns } from "../../src/records/schema";
import { makeIdNumber } from "../../src/records/idcard";
import {
  dayFromInstant,
  dayFromYmd,
  instantFromDay,
  serialFromDay,
  ymdFromDay,
} from "../../src/rules/dates";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { officialCalendar } from "../../src/rules/calendar";
import { loadRows } from "../../src/workflows/setup";
import { buildSample, type SampleRow, type SampleWorkbook } from "../../src/sample/sample";

export type Verdict = "flag" | "ok";

export interface CorpusCell {
  sheet: string;
  /** Row as the user sees it (header = 1). */
  row: number;
  /** The column holding the odd value. */
  column: string;
  value: Cell;
  verdict: Verdict;
  /** Where check reports it when that is not `column` (a duplicate key). */
  flagColumn?: string;
  /** What the value is, for test names and failure messages. */
  what: string;
}

export interface Corpus {
  /** The sample with the corpus rows, by sheet. */
  workbook: SampleWorkbook;
  cells: CorpusCell[];
}

export const LONG_TEXT = "长".repeat(10_000);
/** 499 characters: inside the 500-character limit of text columns. */
export const MID_TEXT = "中".repeat(499);
export const FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)"] as const;
export const EMOJI = "😀";
export const MIXED = "Ａbc中文١٢٣";

const D = (y: number, m: number, d: number): Date => instantFromDay(dayFromYmd(y, m, d));
const FULL_WIDTH = (s: string): string =>
  s.replace(/[0-9A-Za-z\-.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const pad = (n: number) => String(n).padStart(2, "0");

interface Candidate {
  value: Cell;
  verdict: Verdict;
  what: string;
  flagColumn?: string;
}

const flag = (value: Cell, what: string, flagColumn?: string): Candidate => ({
  value,
  verdict: "flag",
  what,
  ...(flagColumn ? { flagColumn } : {}),
});
const ok = (value: Cell, what: string): Candidate => ({ value, verdict: "ok", what });

/** Blanks made of spaces: a problem only where a value is required. */
function blanks(col: ColumnSpec): Candidate[] {
  const v: Verdict = col.required ? "flag" : "ok";
  return [
    { value: " ", verdict: v, what: "空格" },
    { value: "　", verdict: v, what: "全角空格" },
  ];
}

/** Junk that no date, number, year or enum column accepts. */
function junk(): Candidate[] {
  return [
    flag(EMOJI, "emoji"),
    flag(MIXED, "混合文字"),
    flag(FORMULA_LIKE[0], "公式样文本 =HYPERLINK"),
    flag(FORMULA_LIKE[3], "公式样文本 @SUM"),
    flag(LONG_TEXT, "一万字文本"),
    flag("2026-02-30", "不存在的日期文本"),
  ];
}

function dateCandidates(col: ColumnSpec, original: Date): Candidate[] {
  const { year, month, day } = ymdFromDay(dayFromInstant(original));
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  return [
    ...junk(),
    flag("2026-13-01", "13月"),
    flag("0000-00-00", "0000-00-00"),
    flag("2027/02/29", "非闰年2月29日"),
    flag("明天", "文字"),
    flag(true, "布尔值"),
    flag(-5, "负数"),
    flag(1e308, "极大数"),
    flag(FORMULA_LIKE[1], "+1"),
    flag(FORMULA_LIKE[2], "-1"),
    ...blanks(col),
    ok(`${year}/${month}/${day}`, "斜杠日期"),
    ok(`${year}.${month}.${day}`, "点号日期"),
    ok(`${year}年${month}月${day}日`, "中文日期"),
    ok(FULL_WIDTH(iso), "全角数字日期"),
    ok(serialFromDay(dayFromInstant(original)), "序列号日期"),
    ok(` ${iso} `, "带空格日期"),
  ];
}

/** Column bounds as the sheet schemas enforce them. */
const MAX: Record<string, number> = {
  "病假（月）": 12,
  "事假（天）": 366,
  "其中扣工资事假（天）": 366,
  "寒暑假（天）": 366,
  "上年度工资收入（元）": 10_000_000,
  "全年工资收入（元）": 10_000_000,
  "月平均工资（元）": 1_000_000,
  "奖金（元）": 10_000_000,
  参检人数: 1_000_000,
  参加人数: 1_000_000,
  目标责任考核得分: 10_000,
};

function numberCandidates(col: ColumnSpec, original: number): Candidate[] {
  const max = MAX[col.name];
  if (max === undefined) throw new Error(`corpus: no bound known for ${col.name}`);
  const list: Candidate[] = [
    ...junk(),
    flag("十五", "汉字数字"),
    flag(true, "布尔值"),
    flag(-5, "负数"),
    flag(1e308, "极大数"),
    flag(1e20, "1e20"),
    flag("1e20 元", "1e20 元"),
    flag(FORMULA_LIKE[2], "-1"),
    flag(D(2026, 3, 1), "日期"),
    ...blanks(col),
    ok(FULL_WIDTH(String(original)), "全角数字"),
    ok(` ${original} `, "带空格数字文本"),
    ok(FORMULA_LIKE[1], "+1（即 1）"),
  ];
  if (original >= 1000) list.push(ok(original.toLocaleString("en-US"), "千分位"));
  if (original >= 1000) list.push(ok(`${original.toLocaleString("en-US")}元`, "千分位带元"));
  if (col.kind === "integer") list.push(flag(2.5, "小数"));
  return list;
}

function yearCandidates(col: ColumnSpec, original: number): Candidate[] {
  return [
    ...junk(),
    flag("明年", "文字"),
    flag(true, "布尔值"),
    flag(-5, "负数"),
    flag(1e308, "极大数"),
    flag(original + 0.5, "小数年份"),
    flag(FORMULA_LIKE[1], "+1"),
    flag(FORMULA_LIKE[2], "-1"),
    ...blanks(col),
    ok(FULL_WIDTH(String(original)), "全角年份"),
    ok(`${original}年`, "带“年”"),
    ok(String(original), "文本年份"),
    ok(D(original, 6, 1), "日期（取年份）"),
  ];
}

function enumCandidates(col: ColumnSpec, original: string): Candidate[] {
  const yesNo = (col.options ?? []).includes("是");
  const list: Candidate[] = [
    ...junk(),
    flag("未知值", "不在下拉列表中的值"),
    flag(5, "数字"),
    flag(FORMULA_LIKE[1], "+1"),
    flag(FORMULA_LIKE[2], "-1"),
    flag(D(2026, 3, 1), "日期"),
    yesNo ? ok(true, "布尔值（是）") : flag(true, "布尔值"),
    ...blanks(col),
    ok(` ${original} `, "前后空格"),
    ok(`　${original}　`, "前后全角空格"),
  ];
  if (col.allowOther) {
    list.push(ok("零信访无事故、突出贡献", "多个条件"), ok("突出贡献，国家级荣誉", "逗号分隔"));
  }
  return list;
}

/** How a text column is checked beyond its length. */
type TextRole =
  | "free"
  | "personName"
  | "personId"
  | "unitName"
  | "unitRef"
  | "personRef"
  | "nameRef"
  | "email"
  | "idNumber"
  | "paramKey";

function textRole(sheet: string, column: string): TextRole {
  if (sheet === "参数" && column === "参数") return "paramKey";
  if (sheet === "单位" && column === "单位名称") return "unitName";
  if (sheet === "单位" && column === "联系邮箱") return "email";
  if (sheet === "人员" && column === "人员编号") return "personId";
  if (sheet === "人员" && column === "姓名") return "personName";
  if (sheet === "人员" && column === "身份证号") return "idNumber";
  if (column === "单位") return "unitRef";
  if (column === "人员编号") return "personRef";
  if (column === "姓名") return "nameRef";
  return "free";
}

interface Context {
  /** A registered person (the reference rows point at). */
  person: { id: string; name: string; unit: string };
}

function textCandidates(
  sheet: string,
  col: ColumnSpec,
  original: string,
  ctx: Context,
): Candidate[] {
  const role = textRole(sheet, col.name);
  const odd: [Cell, string][] = [
    [FORMULA_LIKE[0], "公式样文本 =HYPERLINK"],
    [FORMULA_LIKE[1], "公式样文本 +1"],
    [FORMULA_LIKE[2], "公式样文本 -1"],
    [FORMULA_LIKE[3], "公式样文本 @SUM"],
    [EMOJI, "emoji"],
    [MIXED, "混合文字"],
    [MID_TEXT, "499字文本"],
    [true, "布尔值"],
    [12345, "数字"],
    ["2026-02-30", "日期样文本"],
  ];
  // Which odd values the column still accepts.
  const accepts = (value: Cell): boolean => {
    switch (role) {
      case "free":
      case "personId":
      case "unitName":
      case "paramKey":
        return true;
      case "personName":
        return String(value).length <= 30;
      case "unitRef":
      case "personRef":
      case "nameRef":
      case "email":
      case "idNumber":
        return false;
    }
  };
  // The odd ids and unit names must not be the odd values typed into the reference columns,
  // or the corpus would register the very units and people those references name.
  const identity = role === "personId" || role === "unitName";
  const distinct = (value: Cell): Cell =>
    !identity
      ? value
      : typeof value === "string"
        ? value.slice(value.length > 400 ? 1 : 0) + "号"
        : typeof value === "number"
          ? value + 1
          : !value;
  const list: Candidate[] = odd.map(([raw, what]) => {
    const value = distinct(raw);
    return accepts(value) ? ok(value, what) : flag(value, what);
  });
  list.push(flag(LONG_TEXT, "一万字文本"));
  // 参数: a value whose key is blank is a problem; blank elsewhere only where required.
  list.push(...(role === "paramKey" ? [flag(" ", "空格"), flag("　", "全角空格")] : blanks(col)));
  switch (role) {
    case "personId":
      list.push(flag(ctx.person.id, "重复的人员编号"));
      break;
    case "unitName":
      list.push(flag(ctx.person.unit, "重复的单位名称"));
      list.push(flag(ctx.person.unit.replace(/^(..)/, "$1 "), "重复的单位名称（中间有空格）"));
      break;
    case "unitRef":
      list.push(ok(ctx.person.unit.replace(/^(..)/, "$1 "), "单位名称中间有空格"));
      list.push(ok(`${ctx.person.unit}　`, "单位名称后有全角空格"));
      break;
    case "personRef":
      list.push(ok(` ${original} `, "编号前后空格"));
      list.push(flag("XX9999", "不存在的人员编号"));
      break;
    case "nameRef":
      list.push(ok(original.replace(/^(.)/, "$1 "), "姓名中间有空格"));
      list.push(flag("查无此人", "与编号不符的姓名"));
      break;
    case "email":
      list.push(ok(" corpus@example.gov.cn ", "前后空格的邮箱"));
      list.push(flag("corpus@", "不完整的邮箱"));
      break;
    case "idNumber":
      list.push(ok(FULL_WIDTH(original), "全角身份证号"));
      list.push(
        ok(`${original.slice(0, 6)} ${original.slice(6, 14)} ${original.slice(14)}`, "分段空格"),
      );
      list.push(flag(original.slice(0, 17) + (original[17] === "0" ? "1" : "0"), "校验码错误"));
      break;
    default:
      break;
  }
  return list;
}

function candidates(sheet: string, col: ColumnSpec, original: Cell, ctx: Context): Candidate[] {
  switch (col.kind) {
    case "date":
      return dateCandidates(col, original as Date);
    case "year":
      return yearCandidates(col, original as number);
    case "integer":
    case "number":
    case "money":
      return numberCandidates(col, original as number);
    case "enum":
      return enumCandidates(col, String(original));
    case "text":
      return textCandidates(sheet, col, String(original), ctx);
  }
}

/** The corpus person for 休假记录 (a fresh id, so its one-day records overlap nothing). */
export const CORPUS_PERSON = {
  人员编号: "YL0001",
  姓名: "语料甲",
  单位: "县委办公室",
  人员类别: "公务员",
  参加工作时间: D(2010, 7, 1),
  身份证号: makeIdNumber("990101", 1990, 1, 1, 1),
  "上年度工资收入（元）": 90_000,
  重点岗位: "否",
  状态: "在职",
  入本单位时间: D(2010, 7, 1),
} as const satisfies SampleRow;

/** A valid row of `sheet` with fresh keys (index i), which the corpus then corrupts in one cell. */
let offDays: number[] | null = null;

/** The days off (weekends and holidays) of 2026 in the built-in calendar. */
function offDays2026(): number[] {
  if (!offDays) {
    const cal = officialCalendar();
    offDays = [];
    for (let d = dayFromYmd(2026, 1, 1); d <= dayFromYmd(2026, 12, 31); d++)
      if (!cal.isWorkday(d)) offDays.push(d);
  }
  return offDays;
}

function freshRow(sheet: string, i: number, ctx: Context): SampleRow {
  const p = ctx.person;
  const y = 2030 + i;
  switch (sheet) {
    case "参数":
      return { 参数: `语料参数${i}`, 值: "语料值", 说明: "语料说明" };
    case "奖励标准":
      return { 人员类别: "事业单位", 奖励类型: "记功", "奖金（元）": 3000, 参照: "记三等功" };
    case "单位":
      return {
        单位名称: `语料单位${i}`,
        单位性质: "机关",
        主要负责人: "张主任",
        联系人: "李联络",
        联系邮箱: `c${i}@example.gov.cn`,
        管理权限: "组织部门",
      };
    case "人员":
      return {
        ...CORPUS_PERSON,
        人员编号: `YL${1000 + i}`,
        姓名: `语料${i}`,
      };
    case "奖励":
      return {
        年度: 2025,
        人员编号: p.id,
        姓名: p.name,
        单位: p.unit,
        人员类别: "公务员",
        奖励类型: "嘉奖",
        批准机关: "魏县人民政府",
        批准文号: "魏政〔2025〕1号",
        批准日期: D(2025, 4, 1),
        发放日期: D(2025, 5, 1),
        备注: "语料",
      };
    case "年休假":
      return {
        年度: y,
        人员编号: p.id,
        姓名: p.name,
        单位: p.unit,
        "病假（月）": 1,
        "事假（天）": 2,
        "其中扣工资事假（天）": 1,
        "寒暑假（天）": 3,
        未休原因: "工作需要",
        实际支付日期: D(y + 1, 3, 1),
        "全年工资收入（元）": 90_000,
        "月平均工资（元）": 7_500,
      };
    case "休假记录": {
      const d = instantFromDay(dayFromYmd(2026, 1, 5) + i);
      return {
        人员编号: CORPUS_PERSON.人员编号,
        姓名: CORPUS_PERSON.姓名,
        开始日期: d,
        结束日期: d,
        所属年度: 2026,
        备注: "语料",
      };
    }
    case "年休假计划":
      return {
        年度: y,
        单位: p.unit,
        计划提交日期: D(y, 3, 1),
        备案日期: D(y, 3, 10),
        备注: "语料",
      };
    case "体检":
      return {
        年度: y,
        单位: p.unit,
        方案备案日期: D(y, 4, 1),
        体检完成日期: D(y, 9, 1),
        参检人数: 15,
        情况备案日期: D(y, 10, 1),
      };
    case "培训":
      return { 日期: D(2026, 6, 1), 单位: p.unit, 形式: "走出去", 内容: "语料培训", 参加人数: 15 };
    case "谈心谈话":
      return {
        日期: D(2026, 6, 1),
        单位: p.unit,
        谈话人: "张主任",
        对象: p.name,
        类型: "谈心谈话",
        事由: "日常谈心",
        困难情况: "无",
        跟进措施: "无",
        跟进日期: D(2026, 7, 1),
        跟进完成日期: D(2026, 6, 20),
      };
    case "考核":
      return {
        年度: y,
        人员编号: p.id,
        姓名: p.name,
        单位: p.unit,
        绿色通道条件: "突出贡献",
        依据: "语料",
        最终等次: "优秀",
      };
    case "单位考核":
      return { 年度: y, 单位: p.unit, 目标责任考核得分: 90 };
    case "节假日": {
      // Days the built-in calendar already has off in 2026, so the rows change nothing. Rows of
      // a year the built-in data lacks would make a partly typed year, which check reports.
      const off = offDays2026();
      if (i >= off.length) throw new Error("corpus: too many 节假日 rows");
      return { 日期: instantFromDay(off[i]), 类型: "休", 名称: "语料假日" };
    }
    default:
      throw new Error(`corpus: no fresh row for ${sheet}`);
  }
}

/** 参数 keys with a typed value, and a value each cannot take. */
const BAD_PARAMS: readonly [string, Cell, string][] = [
  ["提醒提前天数", "三十天", "文字"],
  ["日工资计薪天数", -5, "负数"],
  ["年休假工龄计算方式", EMOJI, "emoji"],
  ["体检方案备案截止", "02-30", "不存在的月日"],
  ["体检情况备案截止", "13-01", "13月"],
  ["年休假计划截止", FORMULA_LIKE[0], "公式样文本"],
  ["优秀比例", "150%", "超过100%"],
  ["排名靠前优秀比例", true, "布尔值"],
  ["排名靠前单位比例", "1e20 元", "1e20 元"],
  ["优秀名额取整", 5, "数字"],
  ["SMTP端口", 1e308, "极大数"],
];
/** 参数 text keys given odd but valid values (they flow into documents and mail). */
const ODD_PARAMS: readonly [string, Cell, string][] = [
  ["县名", `${MIXED}${EMOJI}`, "混合文字和 emoji"],
  ["发文字号前缀", FORMULA_LIKE[0], "公式样文本"],
  ["发文机关", FORMULA_LIKE[3], "公式样文本 @SUM"],
];

/** The sample plus the corpus; deterministic (no randomness, no clock). */
export function buildCorpus(): Corpus {
  const sample = buildSample();
  const workbook: SampleWorkbook = new Map(
    [...sample].map(([name, rows]) => [name, rows.map((r) => ({ ...r }))]),
  );
  const first = workbook.get("人员")![0];
  const ctx: Context = {
    person: { id: String(first.人员编号), name: String(first.姓名), unit: String(first.单位) },
  };
  workbook.get("人员")!.push({ ...CORPUS_PERSON });
  const cells: CorpusCell[] = [];

  // 参数: typed keys corrupted in place.
  const params = workbook.get("参数")!;
  for (const [key, value, what] of [...BAD_PARAMS, ...ODD_PARAMS]) {
    const index = params.findIndex((r) => r.参数 === key);
    if (index < 0) throw new Error(`corpus: 参数 lacks ${key}`);
    params[index] = { ...params[index], 值: value };
    const verdict: Verdict = BAD_PARAMS.some(([k]) => k === key) ? "flag" : "ok";
    cells.push({ sheet: "参数", row: index + 2, column: "值", value, verdict, what });
  }

  for (const spec of INPUT_SHEETS) {
    const rows = workbook.get(spec.name) ?? [];
    workbook.set(spec.name, rows);
    let i = 0;
    for (const col of inputColumns(spec)) {
      const count = candidates(spec.name, col, freshRow(spec.name, 0, ctx)[col.name] ?? "", ctx);
      for (let k = 0; k < count.length; k++) {
        const row = freshRow(spec.name, ++i, ctx);
        // The valid-but-odd values are this row's own value written differently.
        const c = candidates(spec.name, col, row[col.name] ?? "", ctx)[k];
        row[col.name] = c.value;
        rows.push(row);
        cells.push({
          sheet: spec.name,
          row: rows.length + 1,
          column: col.name,
          value: c.value,
          verdict: c.verdict,
          what: c.what,
          ...(c.flagColumn ? { flagColumn: c.flagColumn } : {}),
        });
      }
    }
  }
  return { workbook, cells };
}

/** Write the corpus to an .xlsx file through the adapter (as `init` + typing would). */
export async function writeCorpus(file: string, corpus: Corpus = buildCorpus()): Promise<Corpus> {
  const workbook = XlsxWorkbook.create();
  loadRows(workbook, corpus.workbook);
  await workbook.save(file);
  return corpus;
}
