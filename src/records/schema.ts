/**
 * The system of record (DESIGN.md §3): one SheetSpec per sheet, with every column's header,
 * type, dropdown values, format and — for computed columns — the one Sheets formula placed in
 * row 2. Sheet and column names are the contract users type against; extend, never rename.
 */
import type { Cell } from "./cells";
import { AWARDS_BY_CATEGORY, DEFAULT_AWARD_STANDARDS } from "../rules/awards";
import { GREEN_CHANNEL_CONDITIONS, SANCTIONS } from "../rules/assessment";
import { UNUSED_REASONS, WAGE_BASES } from "../rules/pay";
import { LEAVE_YEARS_MODES } from "../rules/service";
import { ERROR_PREFIX } from "../rules/errors";
import { PLAN_UNFILED } from "../rules/deadlines";

// Enumerations that are policy live in src/rules; the schema offers them as dropdowns.
export { GREEN_CHANNEL_CONDITIONS, LEAVE_YEARS_MODES, SANCTIONS, UNUSED_REASONS };
import type { ColumnKind, ColumnRef, ColumnSpec, SheetSpec } from "./spec";

// ---------------------------------------------------------------------------------------------
// Enumerations (dropdown values)
// ---------------------------------------------------------------------------------------------

/**
 * 人员类别. 参公管理 is treated as 公务员 for awards. 合同制: staff with a labour contract with a
 * 机关 or 事业单位, whose annual leave follows 《企业职工带薪年休假实施办法》(第十七条).
 */
export const PERSON_CATEGORIES = ["公务员", "参公管理", "事业单位", "合同制"] as const;
/** 单位性质. */
export const UNIT_NATURES = ["机关", "事业单位"] as const;
/** 管理权限: where a unit files (备案). */
export const AUTHORITIES = ["组织部门", "人社部门"] as const;
/** 公务员 awards (county document §二.3). */
export const CIVIL_SERVANT_AWARDS = AWARDS_BY_CATEGORY.公务员;
/** 事业单位 awards (参照 公务员 嘉奖/记三等功/记二等功). */
export const INSTITUTION_AWARDS = AWARDS_BY_CATEGORY.事业单位;
/** 奖励类型: every canonical award name of both categories. */
export const AWARD_TYPES = [
  "嘉奖",
  "记三等功",
  "记二等功",
  "记一等功",
  "授予国家荣誉称号",
  "授予称号",
  "记功",
  "记大功",
] as const;
/** Short forms people type that AWARD_BONUS also accepts, mapped to the canonical names. */
export const AWARD_ALIASES: Readonly<Record<string, string>> = {
  三等功: "记三等功",
  二等功: "记二等功",
  一等功: "记一等功",
  国家荣誉称号: "授予国家荣誉称号",
  功: "记功",
  大功: "记大功",
};
/** 培训 形式 (county document §二.6). */
export const TRAINING_FORMS = ["走出去", "请进来", "在职自学"] as const;
/** 谈心谈话 类型 (county document §二.7). */
export const TALK_TYPES = ["谈心谈话", "走访慰问"] as const;
/** 节假日 类型: a day off, or a make-up working day. */
export const HOLIDAY_TYPES = ["休", "班"] as const;
/** 人员 状态. */
export const PERSON_STATUSES = ["在职", "调出", "退休"] as const;
/** 重点岗位. */
export const YES_NO = ["是", "否"] as const;
/** 年度考核等次 of 公务员 and 参公管理. */
export const CIVIL_SERVANT_GRADES = ["优秀", "称职", "基本称职", "不称职"] as const;
/** 年度考核等次 of 事业单位 staff. */
export const INSTITUTION_GRADES = ["优秀", "合格", "基本合格", "不合格"] as const;
/** 最终等次: both scales. */
export const FINAL_GRADES = [
  "优秀",
  "称职",
  "基本称职",
  "不称职",
  "合格",
  "基本合格",
  "不合格",
] as const;
/** 年休假计划 状态 (computed). */
export const PLAN_STATUSES = ["已备案", PLAN_UNFILED, "未制定", "逾期未制定"] as const;
/** 体检 状态 (computed). */
export const HEALTH_STATUSES = [
  "已全部备案",
  "方案已备案",
  "未备案",
  "方案逾期未备案",
  "情况逾期未备案",
] as const;
/** 提醒 状态 (system). */
export const REMINDER_STATUSES = ["已发送", "待发送", "已写入文件"] as const;
/** 优秀名额取整 in 参数. */
export const QUOTA_ROUNDINGS = ["向下取整", "四舍五入", "向上取整"] as const;

// ---------------------------------------------------------------------------------------------
// Parameters (参数) and award standards (奖励标准) defaults
// ---------------------------------------------------------------------------------------------

/**
 * 参数 key of the date the sheet's formulas count to (Sheets only). Custom functions must not
 * take TODAY() as an argument (Google: volatile functions are not allowed there), so setup and
 * the daily trigger keep this cell at today's date, and formulas read it instead.
 */
export const CALCULATION_DATE_KEY = "计算日期";

/** 参数 rows: key, default value, explanation. The SMTP password is never stored in a sheet. */
export const PARAM_DEFAULTS: readonly (readonly [string, string, string])[] = [
  ["县名", "魏县", "县（市、区）名称，用于文档标题"],
  ["发文机关", "中共魏县县委组织部", "文档的发文机关标志和落款"],
  ["发文字号前缀", "魏组", "发文字号如 魏组〔2027〕3号"],
  ["组织部门邮箱", "zzb@example.gov.cn", "组织部门接收汇总提醒的邮箱，请替换为实际地址"],
  ["人社部门邮箱", "rsj@example.gov.cn", "人社部门接收汇总提醒的邮箱，请替换为实际地址"],
  ["提醒提前天数", "30,14,7,3,1", "截止日期前第几天发送提醒，用逗号分隔；逾期后每天提醒"],
  ["日工资计薪天数", "261", "日工资收入 = 上年度工资收入 ÷ 本天数"],
  [CALCULATION_DATE_KEY, "", "系统每天更新为当天，公式按此计算，请勿修改"],
  ["年休假工龄计算方式", "次月起", "次月起：按11月30日计算；年底：按12月31日计算"],
  ["体检方案备案截止", "05-31", "每年体检方案备案截止的月-日"],
  ["体检情况备案截止", "11-30", "每年体检情况备案截止的月-日"],
  ["年休假计划截止", "03-31", "每年年休假计划截止的月-日（每年3月底前）"],
  ["优秀比例", "20%", "年度考核优秀等次比例"],
  ["事业单位考核奖励", "否", "是：事业单位考核优秀也生成奖励建议"],
  ["排名靠前优秀比例", "25%", "目标责任考核排名靠前单位的优秀等次比例"],
  ["排名靠前单位比例", "10%", "排名在前多少比例的单位适用较高优秀比例"],
  ["优秀名额取整", "向下取整", "向下取整、四舍五入 或 向上取整"],
  ["SMTP服务器", "", "本地发送提醒邮件用，留空则只生成 .eml 文件"],
  ["SMTP端口", "", "如 465"],
  ["SMTP用户", "", "登录用户名；密码不写在表格中，由环境变量 CADRE_SMTP_PASSWORD 提供"],
  ["发件人", "", "发件人地址，如 zzb@example.gov.cn"],
];

/**
 * 奖励标准 rows: 人员类别, 奖励类型, 奖金（元）, 参照 (county document §二.3), written from the
 * rules' table (src/rules/awards.ts) so the two cannot differ.
 */
export const AWARD_STANDARD_DEFAULTS: readonly (readonly [string, string, number, string])[] =
  DEFAULT_AWARD_STANDARDS.map((s) => [s.category, s.award, s.bonusFen / 100, s.reference]);

// ---------------------------------------------------------------------------------------------
// Column builders
// ---------------------------------------------------------------------------------------------

const WIDTH: Record<ColumnKind, number> = {
  text: 14,
  integer: 10,
  number: 10,
  money: 14,
  date: 12,
  year: 8,
  enum: 12,
};

const FORMAT: Partial<Record<ColumnKind, string>> = {
  integer: "0",
  money: "#,##0.00",
  date: "yyyy-mm-dd",
  year: "0",
};

interface ColumnOptions {
  required?: boolean;
  options?: readonly string[];
  allowOther?: boolean;
  width?: number;
  format?: string;
  note?: string;
}

/** A column people type into. */
function input(name: string, kind: ColumnKind, o: ColumnOptions = {}): ColumnSpec {
  return {
    name,
    kind,
    computed: false,
    required: o.required ?? false,
    ...(o.options ? { options: o.options } : {}),
    ...(o.allowOther ? { allowOther: true } : {}),
    width: o.width ?? WIDTH[kind],
    ...((o.format ?? FORMAT[kind]) ? { format: o.format ?? FORMAT[kind] } : {}),
    ...(o.note ? { note: o.note } : {}),
  };
}

/** A column the system computes; `formula` fills it from row 2 in Sheets. */
function computed(
  name: string,
  kind: ColumnKind,
  formula: (ref: ColumnRef) => string,
  note: string,
  o: ColumnOptions = {},
): ColumnSpec {
  return {
    ...input(name, kind, o),
    computed: true,
    required: false,
    note: `系统计算，请勿手工填写。${note}`,
    formula,
  };
}

/** A column of a system sheet (only the system writes it). */
function system(name: string, kind: ColumnKind, o: ColumnOptions = {}): ColumnSpec {
  return input(name, kind, o);
}

/** A text as a Sheets string literal. */
function literal(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The formula Sheets holds for a computed column: one array formula in the header cell, so the
 * column survives sorting (with the frozen header, or a range), inserting rows and deleting row
 * 2. Its first row is the header text itself (how getValues reads that cell, and what the codec
 * finds the column by); the rows below are `col.formula` over whole columns from row 1, where
 * row 1 of every range is a header. (Ranges from row 2 would shift to row 3 when a row is
 * inserted above row 2, and every result would land one row off.) The one place that anchors
 * formulas: the Sheets writer and the formula tests call it for every computed column. A
 * formula must give no error value in row 1 inside a custom function's arguments.
 */
export function headerFormula(spec: SheetSpec, col: ColumnSpec, ref: ColumnRef): string {
  if (!col.formula) throw new Error(`column ${spec.name}.${col.name} has no formula`);
  const anchor = spec.columns.find((c) => !c.computed);
  if (!anchor) throw new Error(`sheet ${spec.name} has no input column`);
  const body = col.formula(ref).replace(/^=/, "");
  return `=ARRAYFORMULA(IF(ROW(${ref(anchor.name)})=1,${literal(col.name)},${body}))`;
}

/** The header a formula written by headerFormula shows, or null for any other formula. */
export function headerOfFormula(formula: string): string | null {
  const m = /^=ARRAYFORMULA\(IF\(ROW\([^()]*\)=1,"((?:[^"]|"")*)",/.exec(formula);
  return m ? m[1].replace(/""/g, '"') : null;
}

/** Sheets: one 参数 value by key, "" when absent. */
function param(ref: ColumnRef, key: string, fallback = ""): string {
  return `XLOOKUP("${key}",${ref("参数", "参数")},${ref("值", "参数")},"${fallback}")`;
}

/** Sheets: a deadline DATE(year, MM, DD) from a 参数 value like "03-31". */
function deadlineFormula(ref: ColumnRef, key: string, fallback: string): string {
  const year = ref("年度");
  const p = param(ref, key, fallback);
  return `=ARRAYFORMULA(IF(${year}="",,DATE(${year},VALUE(LEFT(${p},2)),VALUE(RIGHT(${p},2)))))`;
}

/**
 * Sheets: the daily wage before rounding (income ÷ pay days), so that leave pay is rounded
 * once, at the end, exactly as `compute` does. Where 日工资收入 is an error text (a bad or
 * missing income, an unknown person), that text passes on, as in `compute`.
 */
function exactDailyWage(ref: ColumnRef): string {
  const shown = ref("日工资收入");
  return `ARRAYFORMULA(IF(ISNUMBER(${shown}),IFERROR(${wageIncome(ref)}/${wagePayDays(ref)},${shown}),${shown}))`;
}

/** Sheets: 事假 for 实施办法第九条(二), blank for 合同制 staff (企业办法 has no such clause). */
function personalUnlessContract(ref: ColumnRef): string {
  return `ARRAYFORMULA(IF(${contractTest(ref)},"",${ref("事假（天）")}))`;
}

/**
 * Sheets: a column of 人员 looked up by this sheet's 人员编号, per row; an unknown id gives the
 * error text `compute` gives for it.
 */
function personLookup(ref: ColumnRef, column: string): string {
  const id = ref("人员编号");
  const unknown = `"${ERROR_PREFIX}人员编号“"&${id}&"”在「人员」工作表中不存在，请先在「人员」中登记"`;
  return `ARRAYFORMULA(IF(${id}="",,XLOOKUP(${id},${ref("人员编号", "人员")},${ref(column, "人员")},${unknown})))`;
}

/** compute's text for a 年休假 row without any income (wageBasisCell), per 合同制 or not. */
function missingIncome(ref: ColumnRef): string {
  return `IF(${contractTest(ref)},"${ERROR_PREFIX}缺少工资收入，应填写月平均工资（元）","${ERROR_PREFIX}缺少工资收入，应填写全年工资收入（元）")`;
}

// Columns many sheets share, each built by one function (one copy in the bundle).
const yearInput = (required = true) => input("年度", "year", { required });
const personIdInput = (required = true) =>
  input("人员编号", "text", { required, format: "@", width: 10 });
const nameInput = () => input("姓名", "text", { width: 10 });
const unitInput = (required = false) => input("单位", "text", { required, width: 26 });
/** 年度, 人员编号, 姓名, 单位: the first columns of a sheet with a row per person and year. */
const personYearInputs = () => [yearInput(), personIdInput(), nameInput(), unitInput()];

const DATE_NOTE = "日期，如 2026-03-01（也可填 2026/3/1、2026年3月1日）";
/** A date column with the usual note. */
const dateInput = (name: string, required = false) =>
  input(name, "date", { required, note: DATE_NOTE });

// ---------------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------------

/** 系统参数：县名、发文机关、邮箱、提醒天数、比例等；可修改“值”列 */
const params: SheetSpec = {
  name: "参数",
  columns: [
    input("参数", "text", { required: true, width: 20, note: "参数名称，请勿修改" }),
    input("值", "text", { width: 24, format: "@", note: "参数值（按文本保存）" }),
    input("说明", "text", { width: 60 }),
  ],
  defaults: PARAM_DEFAULTS.map((row) => [...row]),
};

/** 奖励奖金标准（魏字〔2021〕30号）；可修改，覆盖默认标准 */
const awardStandards: SheetSpec = {
  name: "奖励标准",
  columns: [
    input("人员类别", "enum", { required: true, options: ["公务员", "事业单位"] }),
    input("奖励类型", "enum", { required: true, options: AWARD_TYPES, width: 18 }),
    input("奖金（元）", "money", { note: "留空时按“参照”的公务员奖励标准" }),
    input("参照", "enum", {
      options: CIVIL_SERVANT_AWARDS,
      width: 18,
      note: "事业单位奖励参照的公务员奖励",
    }),
  ],
  defaults: AWARD_STANDARD_DEFAULTS.map((row) => [...row]),
};

/** 单位名录：性质、负责人、联系人邮箱和干部管理权限 */
const units: SheetSpec = {
  name: "单位",
  columns: [
    input("单位名称", "text", { required: true, width: 26 }),
    input("单位性质", "enum", { required: true, options: UNIT_NATURES }),
    input("主要负责人", "text", { width: 12 }),
    input("联系人", "text", { width: 12 }),
    input("联系邮箱", "text", { width: 26, note: "接收提醒邮件的地址" }),
    input("管理权限", "enum", {
      required: true,
      options: AUTHORITIES,
      note: "体检、年休假计划等向哪个部门备案",
    }),
  ],
};

/** 干部职工名册 */
const people: SheetSpec = {
  name: "人员",
  columns: [
    input("人员编号", "text", {
      required: true,
      format: "@",
      width: 10,
      note: "唯一编号，如 WX0001",
    }),
    input("姓名", "text", { required: true, width: 10 }),
    input("单位", "text", { required: true, width: 26, note: "须与「单位」工作表的单位名称一致" }),
    input("人员类别", "enum", { required: true, options: PERSON_CATEGORIES }),
    {
      ...input("参加工作时间", "date", {
        required: true,
        note: "日期，如 2016-07-01；也可只写到月：2016.07、2016年7月、201607（按该月1日计算）",
      }),
      monthPrecision: true,
    },
    input("身份证号", "text", { format: "@", width: 20, note: "18位，末位校验码按 GB 11643 校验" }),
    input("上年度工资收入（元）", "money", { width: 16 }),
    input("重点岗位", "enum", { options: YES_NO, width: 8 }),
    input("状态", "enum", { options: PERSON_STATUSES, width: 8, note: "留空视为在职" }),
    input("入本单位时间", "date", {
      note: "合同制新进当年折算用",
    }),
    computed(
      "累计工作年限",
      "integer",
      // Not TODAY(): Google does not allow volatile functions as a custom function's
      // arguments. 参数 计算日期 is kept at today by setup and the daily trigger; when it is
      // blank or unreadable WORK_YEARS counts to 31 December of the current year itself.
      (ref) => {
        const on = param(ref, CALCULATION_DATE_KEY);
        return `=WORK_YEARS(${ref("参加工作时间")},IFERROR(DATE(VALUE(LEFT(${on},4)),12,31),""))`;
      },
      "截至当年12月31日已满的整年数",
    ),
  ],
};

/** 奖励及奖金发放登记 */
const awards: SheetSpec = {
  name: "奖励",
  yearColumn: "年度",
  columns: [
    ...personYearInputs(),
    input("人员类别", "enum", { options: PERSON_CATEGORIES, note: "留空按公务员标准" }),
    input("奖励类型", "enum", { required: true, options: AWARD_TYPES, width: 18 }),
    input("批准机关", "text", { width: 20 }),
    input("批准文号", "text", { width: 18 }),
    dateInput("批准日期"),
    dateInput("发放日期"),
    input("备注", "text", { width: 20 }),
    computed(
      "奖金（元）",
      "money",
      (ref) =>
        `=AWARD_BONUS(${ref("奖励类型")},ARRAYFORMULA(IF(${ref("人员类别")}="",XLOOKUP(${ref("人员编号")},${ref("人员编号", "人员")},${ref("人员类别", "人员")},""),${ref("人员类别")})),{${ref("人员类别", "奖励标准")},${ref("奖励类型", "奖励标准")},${ref("奖金（元）", "奖励标准")},${ref("参照", "奖励标准")}})`,
      "按「奖励标准」计算",
    ),
  ],
};

/** Sheets: 是 when the person is 合同制 (企业职工带薪年休假实施办法第十七条), as an array. */
function contractTest(ref: ColumnRef): string {
  return `(${personLookup(ref, "人员类别")}="合同制")`;
}

/**
 * Sheets: the daily wage's income and divisor (实施办法第八条: 全年工资收入 ÷ 261, the row's own
 * or — blank — 人员 上年度工资收入 in its place; 合同制, 企业办法第十一条: 月平均工资 ÷ 21.75,
 * else the yearly income ÷ 12 ÷ 21.75 = ÷ 261). The same choice as wageBasisCell.
 */
function wageIncome(ref: ColumnRef): string {
  const id = ref("人员编号");
  const monthly = ref("月平均工资（元）");
  const year = ref("全年工资收入（元）");
  const last = personLookup(ref, "上年度工资收入（元）");
  // Nothing to go by: compute's error text, never a blank that divides to a 0.00 wage.
  return `ARRAYFORMULA(IF(${id}="",,IF(${contractTest(ref)}*(${monthly}<>""),${monthly},IF(${year}<>"",${year},IF(${last}<>"",${last},${missingIncome(ref)})))))`;
}

function wagePayDays(ref: ColumnRef): string {
  const id = ref("人员编号");
  return `ARRAYFORMULA(IF(${id}="",,IF(${contractTest(ref)},IF(${ref("月平均工资（元）")}<>"",21.75,261),VALUE(${param(ref, "日工资计薪天数", "261")}))))`;
}

/** 年休假及未休年休假工资报酬（每人每年一行） */
const annualLeave: SheetSpec = {
  name: "年休假",
  yearColumn: "年度",
  columns: [
    ...personYearInputs(),
    input("病假（月）", "number", { note: "当年累计病假月数" }),
    input("事假（天）", "number", { note: "当年累计事假天数" }),
    input("其中扣工资事假（天）", "number", {
      width: 12,
      note: "扣工资的事假不计入20天",
    }),
    input("寒暑假（天）", "number", {
      note: "当年实际享受的天数，少于年休假的补足",
    }),
    input("未休原因", "enum", {
      options: UNUSED_REASONS,
      note: "工作需要（留空同）：单位未安排；本人申请、单位已安排：已安排未休",
    }),
    input("实际支付日期", "date", { note: "另行支付部分的实际支付日期" }),
    input("全年工资收入（元）", "money", {
      width: 16,
      note: "当年的；空则按上年度工资收入",
    }),
    input("月平均工资（元）", "money", {
      width: 14,
      note: "合同制：前12个月月平均工资",
    }),
    computed(
      "累计工作年限",
      "integer",
      (ref) => {
        const start = personLookup(ref, "参加工作时间");
        const year = ref("年度");
        const asOf = `DATE(${year},12,IF(${param(ref, "年休假工龄计算方式", "次月起")}="年底",31,0))`;
        // Service that has not begun on the measuring day counts 0 years: measure on the start.
        // IFERROR: a 年度 that is no year (the header row) passes on as text, not as #VALUE!.
        return `=WORK_YEARS(${start},ARRAYFORMULA(IF(${year}="",,IFERROR(IF(ISNUMBER(${start})*(${start}>${asOf}),${start},${asOf}),${year}))))`;
      },
      "按「参数」工龄计算方式",
    ),
    computed(
      "应休天数",
      "number",
      (ref) => {
        const id = ref("人员编号");
        const year = ref("年度");
        const lost = `ARRAYFORMULA(IF(${id}="",,IFERROR(XLOOKUP(${id}&"|"&(${year}-1),${id}&"|"&${year},${ref("次年不享受")},""),"")))`;
        const joined = `ARRAYFORMULA(IF(${id}="",,IF(${contractTest(ref)},${personLookup(ref, "入本单位时间")},"")))`;
        return `=LEAVE_DAYS(${ref("累计工作年限")},${ref("病假（月）")},${ref("事假（天）")},${ref("寒暑假（天）")},${ref("其中扣工资事假（天）")},${lost},${joined},${year})`;
      },
      "按工龄、病假、事假、寒暑假",
    ),
    computed(
      "已休天数",
      "number",
      (ref) => {
        // Per row: SUMIF over "人员编号|年度" keys. SUMIFS would not do: Sheets does not
        // expand it per row inside ARRAYFORMULA (see test/formulas/sheetsSemantics.test.ts).
        // 休假记录's 年度 column is the key, so a record counts toward the year it says.
        const records = (column: string) => ref(column, "休假记录");
        const keys = `${records("人员编号")}&"|"&${records("年度")}`;
        const key = `${ref("人员编号")}&"|"&${ref("年度")}`;
        const days = records("休假天数");
        const sum = `SUMIF(${keys},${key},${days})`;
        // A record of this person and year whose 休假天数 is an error: compute's text for it,
        // searched per row only when the sheet has such a record (the search is the slow part).
        const flagged = `${keys}&IF(LEFT(${days},3)="${ERROR_PREFIX}","!","")`;
        const bad = `MATCH(${key}&"!",${flagged},0)`;
        const badText = `"${ERROR_PREFIX}「休假记录」第"&${bad}&"行有误，请先更正该行："&MID(XLOOKUP(${key}&"!",${flagged},${days}),${ERROR_PREFIX.length + 1},1000)`;
        const checked = `IF(COUNTIF(${days},"${ERROR_PREFIX}*")=0,${sum},IF(ISNUMBER(${bad}),${badText},${sum}))`;
        return `=ARRAYFORMULA(IF(${ref("人员编号")}="",,${checked}))`;
      },
      "「休假记录」本年度之和",
    ),
    computed(
      "未休天数",
      "number",
      (ref) => {
        const due = ref("应休天数");
        const used = ref("已休天数");
        return `=ARRAYFORMULA(IF(${ref("人员编号")}="",,IF(ISNUMBER(${due}),IF(ISNUMBER(${used}),IF(${due}-${used}>0,${due}-${used},0),${used}),${due})))`;
      },
      "应休天数 − 已休天数，不小于0",
    ),
    computed(
      "日工资依据",
      "text",
      (ref) => {
        const id = ref("人员编号");
        const monthly = ref("月平均工资（元）");
        const year = ref("全年工资收入（元）");
        const last = personLookup(ref, "上年度工资收入（元）");
        return `=ARRAYFORMULA(IF(${id}="",,IF(${contractTest(ref)},IF(${monthly}<>"","${WAGE_BASES.monthly}",IF(${year}<>"","${WAGE_BASES.yearByMonths}",IF(${last}<>"","${WAGE_BASES.lastYearByMonths}",${missingIncome(ref)}))),IF(${year}<>"","${WAGE_BASES.year}",IF(${last}<>"","${WAGE_BASES.lastYear}",${missingIncome(ref)})))))`;
      },
      "日工资按哪项收入计算",
      { width: 18 },
    ),
    computed(
      "日工资收入",
      "money",
      (ref) => `=DAILY_WAGE(${wageIncome(ref)},${wagePayDays(ref)})`,
      "全年工资收入÷261；合同制月工资÷21.75",
    ),
    computed(
      "未休年休假报酬",
      "money",
      (ref) =>
        `=UNUSED_LEAVE_PAY(${exactDailyWage(ref)},${ref("未休天数")},${ref("未休原因")},${personalUnlessContract(ref)},${ref("应休天数")})`,
      "日工资×300%×未休天数；只付正常工资的100%",
      { width: 16 },
    ),
    computed(
      "其中另行支付",
      "money",
      (ref) =>
        `=UNUSED_LEAVE_EXTRA(${exactDailyWage(ref)},${ref("未休天数")},${ref("未休原因")},${personalUnlessContract(ref)},${ref("应休天数")})`,
      "日工资×200%×未休天数",
    ),
    computed(
      "支付截止日期",
      "date",
      (ref) => `=LEAVE_PAY_DUE(${ref("年度")},${personLookup(ref, "人员类别")})`,
      "次年3月31日；合同制当年12月31日",
    ),
    computed(
      "次年不享受",
      "enum",
      (ref) => {
        const id = ref("人员编号");
        const years = ref("累计工作年限");
        const used = ref("已休天数");
        const limit = `IF(${years}<1,1E+99,IF(${years}<10,2,IF(${years}<20,3,4)))`;
        return `=ARRAYFORMULA(IF(${id}="",,IFERROR(IF((${used}>0)*(((${ref("事假（天）")}-${ref("其中扣工资事假（天）")})>=20)+(${ref("病假（月）")}>=${limit})),"是",""),"")))`;
      },
      "已休后又达不享受情形，次年不享受",
      { options: ["是"], width: 10 },
    ),
  ],
};

/** 休假记录 所属年度 that is not a year: the text the sheet and `compute` give in 年度. */
export const OWN_YEAR_MESSAGE = "所属年度应为四位年份（如 2026）";

/** 每次年休假的起止日期 */
const leaveRecords: SheetSpec = {
  name: "休假记录",
  yearColumn: "开始日期",
  columns: [
    personIdInput(),
    nameInput(),
    dateInput("开始日期", true),
    dateInput("结束日期", true),
    input("所属年度", "year", { note: "跨年度安排的填所属年度；空为开始日期所在年度" }),
    input("备注", "text", { width: 20 }),
    computed(
      "休假天数",
      "number",
      (ref) =>
        `=WORKDAYS_CN(${ref("开始日期")},${ref("结束日期")},{${ref("日期", "节假日")},${ref("类型", "节假日")},${ref("名称", "节假日")}})`,
      "工作日天数：扣除周末和法定节假日，计入调休上班日",
    ),
    computed(
      "年度",
      "year",
      (ref) => {
        // 条例第五条 "可以跨1个年度安排": a record counts toward its 所属年度 when typed (a
        // four-digit year, else compute's 错误 text), else toward its start's year.
        const start = ref("开始日期");
        const own = ref("所属年度");
        const bad = `"${ERROR_PREFIX}${OWN_YEAR_MESSAGE}，收到“"&${own}&"”"`;
        // ROUND only of a number: ROUND of a text is an error value, and * does not shield it.
        const year = `IF((${own}>=1900)*(${own}<=9999)*(ROUND(${own})=${own}),${own},${bad})`;
        return `=ARRAYFORMULA(IF(${start}="",,IF(${own}="",YEAR(${start}),IF(ISNUMBER(${own}),${year},${bad}))))`;
      },
      "所属年度，空为开始日期所在年度",
    ),
  ],
};

/** 各单位年度职工年休假计划（每年3月底前制定并备案） */
const leavePlans: SheetSpec = {
  name: "年休假计划",
  yearColumn: "年度",
  columns: [
    yearInput(),
    unitInput(true),
    dateInput("计划提交日期"),
    dateInput("备案日期"),
    input("备注", "text", { width: 20 }),
    computed(
      "截止日期",
      "date",
      (ref) => deadlineFormula(ref, "年休假计划截止", "03-31"),
      "按「参数」年休假计划截止",
    ),
    computed(
      "状态",
      "enum",
      (ref) =>
        // 魏字〔2021〕30号 二.5: due when made (3月底前制定), the filing has no date.
        `=ARRAYFORMULA(IF(${ref("年度")}="",,IF(${ref("备案日期")}<>"","已备案",IF(${ref("计划提交日期")}<>"","${PLAN_UNFILED}",IF(TODAY()>${ref("截止日期")},"逾期未制定","未制定")))))`,
      "已备案、已制定未备案、未制定 或 逾期未制定",
      { options: PLAN_STATUSES, width: 14 },
    ),
  ],
};

/** 干部健康体检方案和体检情况备案（只记日期和人数，不记体检结果） */
const health: SheetSpec = {
  name: "体检",
  yearColumn: "年度",
  columns: [
    yearInput(),
    unitInput(true),
    dateInput("方案备案日期"),
    dateInput("体检完成日期"),
    input("参检人数", "integer"),
    dateInput("情况备案日期"),
    computed(
      "方案截止日期",
      "date",
      (ref) => deadlineFormula(ref, "体检方案备案截止", "05-31"),
      "按「参数」体检方案备案截止",
    ),
    computed(
      "情况截止日期",
      "date",
      (ref) => deadlineFormula(ref, "体检情况备案截止", "11-30"),
      "按「参数」体检情况备案截止",
    ),
    computed(
      "状态",
      "enum",
      (ref) =>
        `=ARRAYFORMULA(IF(${ref("年度")}="",,IF(${ref("方案备案日期")}="",IF(TODAY()>${ref("方案截止日期")},"方案逾期未备案","未备案"),IF(${ref("情况备案日期")}<>"","已全部备案",IF(TODAY()>${ref("情况截止日期")},"情况逾期未备案","方案已备案")))))`,
      "已全部备案、方案已备案、未备案、方案逾期未备案 或 情况逾期未备案",
      { options: HEALTH_STATUSES, width: 16 },
    ),
  ],
};

/** 干部学习培训（走出去、请进来、在职自学） */
const training: SheetSpec = {
  name: "培训",
  yearColumn: "日期",
  columns: [
    dateInput("日期", true),
    unitInput(true),
    input("形式", "enum", { required: true, options: TRAINING_FORMS }),
    input("内容", "text", { width: 36 }),
    input("参加人数", "integer"),
  ],
};

/** 谈心谈话和走访慰问记录及跟进 */
const talks: SheetSpec = {
  name: "谈心谈话",
  yearColumn: "日期",
  columns: [
    dateInput("日期", true),
    unitInput(true),
    input("谈话人", "text", { width: 10 }),
    input("对象", "text", { width: 10 }),
    input("类型", "enum", { required: true, options: TALK_TYPES }),
    input("事由", "text", { width: 24 }),
    input("困难情况", "text", { width: 24 }),
    input("跟进措施", "text", { width: 24 }),
    input("跟进日期", "date", { note: "计划跟进的日期（到期提醒）" }),
    input("跟进完成日期", "date", { note: "跟进完成后填写，填写后不再提醒" }),
  ],
};

/** 年度考核：绿色通道条件、依据和最终等次 */
const assessments: SheetSpec = {
  name: "考核",
  yearColumn: "年度",
  columns: [
    ...personYearInputs(),
    input("绿色通道条件", "enum", {
      options: GREEN_CHANNEL_CONDITIONS,
      allowOther: true,
      width: 20,
      note: "省市考核排位前三名、零信访无事故、突出贡献、国家级荣誉；多个用“、”分隔",
    }),
    input("依据", "text", { width: 30, note: "绿色通道条件的依据（文件、排名等）" }),
    input("处分或诫勉", "enum", { options: SANCTIONS, width: 10, note: "当年" }),
    input("试用期", "enum", { options: YES_NO, width: 8, note: "新录用试用期" }),
    input("最终等次", "enum", { options: FINAL_GRADES }),
    computed(
      "建议等次",
      "text",
      (ref) => `=GREEN_CHANNEL(${ref("绿色通道条件")},${ref("处分或诫勉")},${ref("试用期")})`,
      "绿色通道、处分、试用期",
      { width: 18 },
    ),
  ],
};

/** 单位年度目标责任考核得分、排名和优秀等次比例 */
const unitScores: SheetSpec = {
  name: "单位考核",
  yearColumn: "年度",
  columns: [
    yearInput(),
    unitInput(true),
    input("目标责任考核得分", "number", { width: 16 }),
    computed(
      "排名",
      "integer",
      (ref) => {
        const score = ref("目标责任考核得分");
        return `=ARRAYFORMULA(IF(${score}="",,COUNTIFS(${ref("年度")},${ref("年度")},${score},">"&${score})+1))`;
      },
      "同年度按得分从高到低排名，并列同名次",
    ),
    computed(
      "优秀比例",
      "number",
      (ref) => {
        const year = ref("年度");
        const score = ref("目标责任考核得分");
        const rank = ref("排名");
        const count = `COUNTIFS(${year},${year},${score},"<>")`;
        return `=ARRAYFORMULA(IF(${year}="",,IF(${rank}="",VALUE(${param(ref, "优秀比例", "20%")}),IF(${rank}<=ROUNDUP(ROUND(${count}*VALUE(${param(ref, "排名靠前单位比例", "10%")}),6)),VALUE(${param(ref, "排名靠前优秀比例", "25%")}),VALUE(${param(ref, "优秀比例", "20%")})))))`;
      },
      "排名在前10%的单位25%，其余20%（见「参数」）",
      { format: "0%" },
    ),
    computed(
      "考核人数",
      "integer",
      (ref) =>
        `=ARRAYFORMULA(IF(${ref("单位")}="",,COUNTIFS(${ref("单位", "考核")},${ref("单位")},${ref("年度", "考核")},${ref("年度")})))`,
      "「考核」工作表中本单位当年的人数",
    ),
    computed(
      "优秀名额",
      "integer",
      (ref) => {
        const year = ref("年度");
        const score = ref("目标责任考核得分");
        return `=EXCELLENT_QUOTA(${ref("考核人数")},${ref("排名")},ARRAYFORMULA(IF(${year}="",,COUNTIFS(${year},${year},${score},"<>"))),{${ref("参数", "参数")},${ref("值", "参数")}})`;
      },
      "考核人数 × 优秀比例，按「参数」取整",
    ),
  ],
};

/** 补充或修改国务院节假日安排：休 = 放假，班 = 调休上班 */
const holidays: SheetSpec = {
  name: "节假日",
  columns: [
    dateInput("日期", true),
    input("类型", "enum", { required: true, options: HOLIDAY_TYPES, width: 8 }),
    input("名称", "text", { width: 16 }),
  ],
};

/** 系统记录：已发送的期限提醒（每项每天至多一次） */
const reminders: SheetSpec = {
  name: "提醒",
  yearColumn: "年度",
  system: true,
  columns: [
    system("日期", "date"),
    system("事项", "text", { width: 18 }),
    unitInput(),
    personIdInput(false),
    system("截止日期", "date"),
    system("状态", "text", { width: 10 }),
    system("发送记录", "text", { width: 40 }),
    yearInput(false),
    system("收件人", "text", { width: 30 }),
  ],
};

/** 系统记录：已生成的备案表和通报 */
const documents: SheetSpec = {
  name: "文档",
  yearColumn: "年度",
  system: true,
  columns: [
    system("生成时间", "date", { format: "yyyy-mm-dd hh:mm", width: 16 }),
    system("类型", "text", { width: 24 }),
    yearInput(false),
    unitInput(),
    system("标题", "text", { width: 40 }),
    system("文号", "text", { width: 16 }),
    system("链接", "text", { width: 40 }),
    // 通报 are one row per issuance, identified by (类型, 年度, 成文日期).
    system("成文日期", "date", { format: "yyyy-mm-dd", width: 12 }),
  ],
};

/** 系统生成：考核优秀的奖励建议 */
const awardSuggestions: SheetSpec = {
  name: "奖励建议",
  yearColumn: "年度",
  system: true,
  columns: [
    yearInput(false),
    personIdInput(false),
    system("姓名", "text", { width: 10 }),
    unitInput(),
    system("人员类别", "text", { width: 10 }),
    system("建议奖励", "text", { width: 12 }),
    system("依据", "text", { width: 40 }),
    system("奖金（元）", "money"),
  ],
};

/** 系统记录：输入工作表的修改日志 */
const auditLog: SheetSpec = {
  name: "日志",
  yearColumn: "时间",
  system: true,
  columns: [
    system("时间", "date", { format: "yyyy-mm-dd hh:mm:ss", width: 18 }),
    system("用户", "text", { width: 24 }),
    system("工作表", "text", { width: 12 }),
    system("单元格", "text", { width: 10 }),
    system("原值", "text", { width: 24 }),
    system("新值", "text", { width: 24 }),
  ],
};

/** Every sheet, in the order a new workbook shows them. */
export const SHEETS: readonly SheetSpec[] = [
  params,
  awardStandards,
  units,
  people,
  awards,
  annualLeave,
  leaveRecords,
  leavePlans,
  health,
  training,
  talks,
  assessments,
  unitScores,
  holidays,
  reminders,
  documents,
  awardSuggestions,
  auditLog,
];

/** Sheet specs by name. */
export const SHEET: Readonly<Record<string, SheetSpec>> = Object.fromEntries(
  SHEETS.map((s) => [s.name, s]),
);

/** The sheets people fill in (everything but the system sheets). */
export const INPUT_SHEETS: readonly SheetSpec[] = SHEETS.filter((s) => !s.system);

/** A sheet spec by name; throws for a name that is not part of the schema (a programming error). */
export function sheetSpec(name: string): SheetSpec {
  const spec = SHEET[name];
  if (!spec) throw new Error(`unknown sheet ${name}`);
  return spec;
}

/** A column of a sheet by name; throws for an unknown column (a programming error). */
export function columnSpec(sheet: string, column: string): ColumnSpec {
  const col = sheetSpec(sheet).columns.find((c) => c.name === column);
  if (!col) throw new Error(`unknown column ${sheet}.${column}`);
  return col;
}

/** The input (typed) columns of a sheet, in spec order. */
export function inputColumns(spec: SheetSpec): ColumnSpec[] {
  return spec.columns.filter((c) => !c.computed);
}

/** The computed columns of a sheet, in spec order. */
export function computedColumns(spec: SheetSpec): ColumnSpec[] {
  return spec.columns.filter((c) => c.computed);
}

/** A row of defaults, by column name (for writers that lay out by header). */
export function defaultRowsByName(spec: SheetSpec): Record<string, Cell>[] {
  return (spec.defaults ?? []).map((row) =>
    Object.fromEntries(spec.columns.map((c, i) => [c.name, row[i] ?? null])),
  );
}
