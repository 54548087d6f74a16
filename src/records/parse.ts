/**
 * Typed records from the sheets. Each cell is converted by the readers of ./cells (dates in all
 * the forms people type, numbers with 元/commas/full-width digits), then a zod schema per sheet
 * enforces shapes, enumerations and bounds. Every problem names sheet, row and column.
 */
import * as z from "zod/mini";
import {
  type Cell,
  type Grid,
  isBlank,
  normalizeText,
  quote,
  readDate,
  readNumber,
  readStartDate,
  readText,
  readYear,
} from "./cells";
import { type DecodedTable, type Problem, decodeTable } from "./codec";
import type { ColumnSpec, SheetSpec } from "./spec";
import {
  AWARD_ALIASES,
  AWARD_TYPES,
  CIVIL_SERVANT_AWARDS,
  INSTITUTION_AWARDS,
  FINAL_GRADES,
  GREEN_CHANNEL_CONDITIONS,
  HOLIDAY_TYPES,
  LEAVE_YEARS_MODES,
  PARAM_DEFAULTS,
  PERSON_CATEGORIES,
  PERSON_STATUSES,
  QUOTA_ROUNDINGS,
  TALK_TYPES,
  TRAINING_FORMS,
  UNIT_NATURES,
  AUTHORITIES,
  UNUSED_REASONS,
  YES_NO,
  SANCTIONS,
  sheetSpec,
} from "./schema";
import type { Day } from "../rules/dates";
import { InputError, messageOf } from "../rules/errors";
import type { GreenChannelCondition, QuotaParams } from "../rules/assessment";
import { type MonthDay, parseLeadDays, parseMonthDay } from "../rules/deadlines";
import { carriedLeaveProblem } from "../rules/leave";
import { dayFromInstant, ymdFromDay } from "../rules/dates";

/** Longest text accepted in a text cell. */
export const MAX_TEXT_LENGTH = 500;

export interface Parsed<T> {
  items: T[];
  problems: Problem[];
  /** The decoded table (column positions, raw rows) for callers that need more. */
  table: DecodedTable;
}

/** Items carry the row number as the user sees it (header = 1). */
export interface RowRef {
  row: number;
}

// ---------------------------------------------------------------------------------------------
// Cell conversion by column kind
// ---------------------------------------------------------------------------------------------

const ENUM_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  奖励类型: AWARD_ALIASES,
  人员类别: {
    参公: "参公管理",
    参照公务员法管理: "参公管理",
    事业: "事业单位",
    事业单位工作人员: "事业单位",
    // As rosters write 编制 (import).
    行政编制: "公务员",
    公务员编制: "公务员",
    参公编制: "参公管理",
    参照公务员管理: "参公管理",
    事业编制: "事业单位",
    事业编: "事业单位",
  },
  状态: { 在岗: "在职", 调离: "调出", 离休: "退休" },
  // The award short forms; readEnum takes an alias only when it is one of 参照's options.
  参照: AWARD_ALIASES,
  单位性质: { 党政机关: "机关", 行政机关: "机关" },
  管理权限: { 组织部: "组织部门", 人社局: "人社部门", 人社: "人社部门" },
};

function enumKey(text: string): string {
  return normalizeText(text).replace(/\s/g, "");
}

/** Split a multi-value cell (绿色通道条件) on 、，,；; / and spaces. */
export function splitList(text: string): string[] {
  return normalizeText(text)
    .split(/[、，,；;/\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One enumerated value, canonical; InputError listing the options otherwise. */
export function readEnum(column: string, options: readonly string[], value: Cell): string {
  if (typeof value === "boolean" && options.includes("是")) return value ? "是" : "否";
  const key = enumKey(readText(value));
  const alias = ENUM_ALIASES[column]?.[key];
  const found =
    options.find((o) => enumKey(o) === key) ??
    (alias && options.includes(alias) ? alias : undefined);
  if (!found) throw new InputError(`${column}应为 ${options.join("、")} 之一，收到${quote(value)}`);
  return found;
}

/** The value of a cell converted as its column says; undefined for blank. Throws InputError. */
export function readColumnValue(col: ColumnSpec, value: Cell): unknown {
  if (isBlank(value)) return undefined;
  switch (col.kind) {
    case "text": {
      const text = value instanceof Date ? readText(value) : String(value).trim();
      if (text.length > MAX_TEXT_LENGTH) {
        throw new InputError(`${col.name}过长（${text.length}字），不能超过${MAX_TEXT_LENGTH}字`);
      }
      return text;
    }
    case "date":
      return col.monthPrecision ? readStartDate(value, col.name) : readDate(value, col.name);
    case "year":
      return readYear(value, col.name);
    case "integer": {
      const n = readNumber(value, col.name);
      if (!Number.isInteger(n)) throw new InputError(`${col.name}应为整数，收到${quote(value)}`);
      return n;
    }
    case "number":
    case "money":
      return readNumber(value, col.name);
    case "enum": {
      const options = col.options ?? [];
      if (col.allowOther) {
        const parts = splitList(readText(value));
        const unknown = parts.filter((p) => !options.some((o) => enumKey(o) === enumKey(p)));
        if (unknown.length) {
          throw new InputError(
            `${col.name}中的“${unknown.join("、")}”不是可选值，应为 ${options.join("、")}，多个用“、”分隔`,
          );
        }
        return parts.map((p) => options.find((o) => enumKey(o) === enumKey(p))!);
      }
      return readEnum(col.name, options, value);
    }
  }
}

/** Read a computed cell leniently: a number, or null (blank or error text). */
function computedNumber(value: Cell): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && !isBlank(value)) {
    try {
      return readNumber(value, "");
    } catch {
      return null;
    }
  }
  return null;
}

function computedDay(value: Cell): Day | null {
  if (isBlank(value)) return null;
  try {
    return readDate(value, "");
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The generic row parser
// ---------------------------------------------------------------------------------------------

type Raw = Record<string, unknown>;

/**
 * A sheet's zod schema (keys are the column names), built on first use, and the record its
 * output maps to: a plain function after the parse rather than z.pipe/z.transform, whose
 * classes would ride in the Apps Script bundle.
 */
interface SheetSchema<S, T> {
  schema: () => z.ZodMiniType<S, Raw>;
  map: (o: S) => T;
}

function sheetSchema<S extends z.ZodMiniType<unknown, Raw>, T>(
  make: () => S,
  map: (o: z.output<S>) => T,
): SheetSchema<z.output<S>, T> {
  return { schema: lazy(make) as () => z.ZodMiniType<z.output<S>, Raw>, map };
}

/** The record a SheetSchema maps to. */
type RecordOf<P> = P extends { map: (o: never) => infer T } ? T : never;

/**
 * Parse every row of a sheet: convert input cells by kind, report blanks in required columns,
 * then validate with the sheet's zod schema and map to T.
 */
function parseSheet<S, T, E extends object = Record<never, never>>(
  spec: SheetSpec,
  grid: Grid | null | undefined,
  { schema, map }: SheetSchema<S, T>,
  extra?: (row: { get(column: string): Cell }) => E,
): Parsed<T & E & RowRef> {
  const table = decodeTable(spec, grid);
  const problems: Problem[] = [...table.problems];
  const items: (T & E & RowRef)[] = [];
  const inputs = spec.columns.filter((c) => !c.computed && table.columns.has(c.name));
  const requiredMissing = table.problems.length > 0;
  for (const r of table.rows) {
    const raw: Raw = {};
    // Missing columns are reported once for the sheet, not again on every row.
    const failed = new Set<string>(table.missing);
    for (const col of inputs) {
      const cell = r.get(col.name);
      try {
        const v = readColumnValue(col, cell);
        if (v === undefined) {
          if (col.required) {
            failed.add(col.name);
            problems.push({
              sheet: spec.name,
              row: r.row,
              column: col.name,
              message: `${col.name}不能为空`,
            });
          }
        } else raw[col.name] = v;
      } catch (err) {
        failed.add(col.name);
        problems.push({
          sheet: spec.name,
          row: r.row,
          column: col.name,
          message: messageOf(err),
          value: cellText(cell),
        });
      }
    }
    const result = schema().safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const column = String(issue.path[0] ?? "");
        if (failed.has(column)) continue;
        failed.add(column);
        problems.push({
          sheet: spec.name,
          row: r.row,
          column,
          message: issue.message,
          ...(column && r.get(column) !== undefined ? { value: cellText(r.get(column)) } : {}),
        });
      }
      continue;
    }
    const requiredFailed = spec.columns.some((c) => c.required && failed.has(c.name));
    if (requiredFailed || requiredMissing) continue;
    items.push({ ...map(result.data), ...(extra ? extra(r) : ({} as E)), row: r.row });
  }
  return { items, problems, table };
}

function cellText(cell: Cell): string {
  if (cell instanceof Date) return readText(cell);
  return cell === null || cell === undefined ? "" : String(cell);
}

/**
 * A value built on first use. The Apps Script bundle is loaded for every custom-function call,
 * so its global scope only defines: schemas and tables are built when first needed.
 */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

// zod building blocks; messages are Chinese and name the column.
const text = () => z.string();
/** An optional value that reads as `fallback` when the cell was blank (left out of the raw row). */
const orElse = <S extends z.ZodMiniType, F>(schema: S, fallback: F) =>
  z._default(schema as z.ZodMiniType<z.output<S> | F>, fallback as never);
const optText = () => orElse(z.string(), "");
// Plain refinements instead of zod's int/gte/lte/regex/maxLength checks: the same rules and
// messages without each check's class in the Apps Script bundle (DESIGN.md §2: keep it small).
const rule = <T>(ok: (v: T) => boolean, message: string) => z.refine<T>(ok, message);
/** A whole number (a day serial or a year), as z.int() checks it. */
const int = () => z.number().check(rule(Number.isSafeInteger, "应为整数"));
const day = int;
const optDay = () => orElse(int(), null);
const nonNegative = (column: string, max?: number, unit = "") =>
  z.number().check(
    rule((n: number) => n >= 0, `${column}不能为负数`),
    rule((n: number) => max === undefined || n <= max, `${column}不能超过${max}${unit}`),
  );
const optNonNegative = (column: string, max?: number, unit = "") =>
  orElse(nonNegative(column, max, unit), null);
/** 绿色通道条件 as readColumnValue returns it: a list of the conditions (z.array(z.enum) checked). */
const isConditionList = (v: unknown): v is GreenChannelCondition[] =>
  Array.isArray(v) && v.every((c) => (GREEN_CHANNEL_CONDITIONS as readonly unknown[]).includes(c));
/**
 * One of `values` (readColumnValue has already matched the cell to the column's options): a
 * z.custom check, as z.enum checks it, without z.enum's classes in the Apps Script bundle.
 */
const oneOf = <T extends readonly string[]>(values: T) =>
  z.custom<T[number]>((v) => values.includes(v as string), `应为 ${values.join("、")} 之一`);
const optOneOf = <T extends readonly string[]>(values: T) => orElse(oneOf(values), null);

// ---------------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------------

export type PersonCategory = (typeof PERSON_CATEGORIES)[number];
export type AwardType = (typeof AWARD_TYPES)[number];

const unitSchema = sheetSchema(
  () =>
    z.object({
      单位名称: text(),
      单位性质: oneOf(UNIT_NATURES),
      主要负责人: optText(),
      联系人: optText(),
      联系邮箱: orElse(
        z
          .string()
          .check(
            rule(
              (s: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s),
              "联系邮箱格式不正确，应如 name@example.gov.cn",
            ),
          ),
        "",
      ),
      管理权限: oneOf(AUTHORITIES),
    }),
  (o) => ({
    name: o.单位名称,
    nature: o.单位性质,
    head: o.主要负责人,
    contact: o.联系人,
    email: o.联系邮箱,
    authority: o.管理权限,
  }),
);
export type UnitRecord = RecordOf<typeof unitSchema> & RowRef;

export function parseUnits(grid: Grid | null | undefined): Parsed<UnitRecord> {
  return parseSheet(sheetSpec("单位"), grid, unitSchema);
}

const personSchema = sheetSchema(
  () =>
    z.object({
      人员编号: text(),
      姓名: text().check(rule((s: string) => s.length <= 30, "姓名不能超过30字")),
      单位: text(),
      人员类别: oneOf(PERSON_CATEGORIES),
      参加工作时间: day(),
      身份证号: optText(),
      "上年度工资收入（元）": optNonNegative("上年度工资收入（元）", 10_000_000, "元"),
      重点岗位: optOneOf(YES_NO),
      状态: optOneOf(PERSON_STATUSES),
    }),
  (o) => ({
    id: o.人员编号,
    name: o.姓名,
    unit: o.单位,
    category: o.人员类别,
    startDate: o.参加工作时间 as Day,
    idNumber: o.身份证号.toUpperCase(),
    lastYearIncome: o["上年度工资收入（元）"],
    keyPost: o.重点岗位 === "是",
    status: o.状态 ?? "在职",
  }),
);
export type PersonRecord = RecordOf<typeof personSchema> & RowRef;

export function parsePeople(grid: Grid | null | undefined): Parsed<PersonRecord> {
  return parseSheet(sheetSpec("人员"), grid, personSchema);
}

/** The awards a 人员类别 may have (blank: 公务员). */
const awardsOf = (category: string | null): readonly string[] =>
  category === "事业单位" ? INSTITUTION_AWARDS : CIVIL_SERVANT_AWARDS;

const awardSchema = sheetSchema(
  () =>
    z
      .object({
        年度: int(),
        人员编号: text(),
        姓名: optText(),
        单位: optText(),
        人员类别: optOneOf(PERSON_CATEGORIES),
        奖励类型: oneOf(AWARD_TYPES),
        批准机关: optText(),
        批准文号: optText(),
        批准日期: optDay(),
        发放日期: optDay(),
        备注: optText(),
      })
      .check(
        // A refine whose message names the object's own values: no superRefine machinery.
        z.refine((o) => awardsOf(o.人员类别).includes(o.奖励类型), {
          path: ["奖励类型"],
          error: (issue) => {
            const o = issue.input as { 人员类别: string | null; 奖励类型: string };
            return `${o.人员类别 ?? "公务员"}没有“${o.奖励类型}”这一奖励，应为 ${awardsOf(o.人员类别).join("、")} 之一`;
          },
        }),
      ),
  (o) => ({
    year: o.年度,
    personId: o.人员编号,
    name: o.姓名,
    unit: o.单位,
    category: o.人员类别,
    award: o.奖励类型,
    approver: o.批准机关,
    approvalNumber: o.批准文号,
    approvalDate: o.批准日期 as Day | null,
    paidDate: o.发放日期 as Day | null,
    note: o.备注,
  }),
);
export type AwardRecord = RecordOf<typeof awardSchema> & RowRef & { bonus: number | null };

export function parseAwards(grid: Grid | null | undefined): Parsed<AwardRecord> {
  return parseSheet(sheetSpec("奖励"), grid, awardSchema, (r) => ({
    bonus: computedNumber(r.get("奖金（元）")),
  }));
}

const leaveSchema = sheetSchema(
  () =>
    z.object({
      年度: int(),
      人员编号: text(),
      姓名: optText(),
      单位: optText(),
      "病假（月）": optNonNegative("病假（月）", 12, "个月"),
      "事假（天）": optNonNegative("事假（天）", 366, "天"),
      "其中扣工资事假（天）": optNonNegative("其中扣工资事假（天）", 366, "天"),
      "寒暑假（天）": optNonNegative("寒暑假（天）", 366, "天"),
      未休原因: optOneOf(UNUSED_REASONS),
      实际支付日期: optDay(),
      "全年工资收入（元）": optNonNegative("全年工资收入（元）", 10_000_000, "元"),
      "月平均工资（元）": optNonNegative("月平均工资（元）", 1_000_000, "元"),
    }),
  (o) => ({
    year: o.年度,
    personId: o.人员编号,
    name: o.姓名,
    unit: o.单位,
    sickMonths: o["病假（月）"] ?? 0,
    personalDays: o["事假（天）"] ?? 0,
    personalDaysDeducted: o["其中扣工资事假（天）"] ?? 0,
    vacationDays: o["寒暑假（天）"] ?? 0,
    reason: o.未休原因,
    paidDate: o.实际支付日期 as Day | null,
    yearIncome: o["全年工资收入（元）"],
    monthlyWage: o["月平均工资（元）"],
  }),
);

/** The computed columns of a 年休假 row as last written (null when blank or an error text). */
export interface LeaveComputed {
  serviceYears: number | null;
  entitlement: number | null;
  usedDays: number | null;
  unusedDays: number | null;
  dailyWage: number | null;
  /** 日工资依据: which income the daily wage came from (WAGE_BASES), "" when not computed. */
  wageBasis: string;
  unusedPay: number | null;
  extraPay: number | null;
  payDue: Day | null;
}
export type LeaveRow = RecordOf<typeof leaveSchema> & RowRef & LeaveComputed;

export function parseLeaveRows(grid: Grid | null | undefined): Parsed<LeaveRow> {
  return parseSheet(sheetSpec("年休假"), grid, leaveSchema, (r) => ({
    serviceYears: computedNumber(r.get("累计工作年限")),
    entitlement: computedNumber(r.get("应休天数")),
    usedDays: computedNumber(r.get("已休天数")),
    unusedDays: computedNumber(r.get("未休天数")),
    dailyWage: computedNumber(r.get("日工资收入")),
    wageBasis: readText(r.get("日工资依据")),
    unusedPay: computedNumber(r.get("未休年休假报酬")),
    extraPay: computedNumber(r.get("其中另行支付")),
    payDue: computedDay(r.get("支付截止日期")),
  }));
}

const leaveRecordSchema = sheetSchema(
  () =>
    z
      .object({
        人员编号: text(),
        姓名: optText(),
        开始日期: day(),
        结束日期: day(),
        所属年度: optDay(),
        备注: optText(),
      })
      .check(
        z.refine((o) => o.结束日期 >= o.开始日期, {
          path: ["结束日期"],
          message: "结束日期早于开始日期，结束日期应不早于开始日期",
        }),
        // 条例第五条 "可以跨1个年度安排", 实施办法第六条 (see carriedLeaveProblem).
        z.refine(
          (o) => o.所属年度 === null || carriedLeaveProblem(o.所属年度, o.开始日期) !== "early",
          {
            path: ["所属年度"],
            message: "所属年度晚于开始日期所在年度，应为开始日期所在年度或上一年度",
          },
        ),
        z.refine(
          (o) => o.所属年度 === null || carriedLeaveProblem(o.所属年度, o.开始日期) !== "late",
          {
            path: ["开始日期"],
            message:
              "年休假只能跨1个年度安排（条例第五条、实施办法第六条），开始日期应不晚于所属年度次年的12月31日",
          },
        ),
      ),
  (o) => ({
    personId: o.人员编号,
    name: o.姓名,
    start: o.开始日期 as Day,
    end: o.结束日期 as Day,
    ownYear: o.所属年度,
    note: o.备注,
  }),
);
export type LeaveRecord = RecordOf<typeof leaveRecordSchema> &
  RowRef & { days: number | null; year: number | null };

export function parseLeaveRecords(grid: Grid | null | undefined): Parsed<LeaveRecord> {
  return parseSheet(sheetSpec("休假记录"), grid, leaveRecordSchema, (r) => ({
    days: computedNumber(r.get("休假天数")),
    year: computedNumber(r.get("年度")),
  }));
}

const planSchema = sheetSchema(
  () =>
    z.object({
      年度: int(),
      单位: text(),
      计划提交日期: optDay(),
      备案日期: optDay(),
      备注: optText(),
    }),
  (o) => ({
    year: o.年度,
    unit: o.单位,
    submitted: o.计划提交日期 as Day | null,
    filed: o.备案日期 as Day | null,
    note: o.备注,
  }),
);
export type PlanRecord = RecordOf<typeof planSchema> & RowRef;

export function parsePlans(grid: Grid | null | undefined): Parsed<PlanRecord> {
  return parseSheet(sheetSpec("年休假计划"), grid, planSchema);
}

const healthSchema = sheetSchema(
  () =>
    z.object({
      年度: int(),
      单位: text(),
      方案备案日期: optDay(),
      体检完成日期: optDay(),
      参检人数: optNonNegative("参检人数", 1_000_000, "人"),
      情况备案日期: optDay(),
    }),
  (o) => ({
    year: o.年度,
    unit: o.单位,
    planFiled: o.方案备案日期 as Day | null,
    done: o.体检完成日期 as Day | null,
    headcount: o.参检人数,
    reportFiled: o.情况备案日期 as Day | null,
  }),
);
export type HealthRecord = RecordOf<typeof healthSchema> & RowRef;

export function parseHealth(grid: Grid | null | undefined): Parsed<HealthRecord> {
  return parseSheet(sheetSpec("体检"), grid, healthSchema);
}

const trainingSchema = sheetSchema(
  () =>
    z.object({
      日期: day(),
      单位: text(),
      形式: oneOf(TRAINING_FORMS),
      内容: optText(),
      参加人数: optNonNegative("参加人数", 1_000_000, "人"),
    }),
  (o) => ({
    date: o.日期 as Day,
    unit: o.单位,
    form: o.形式,
    content: o.内容,
    participants: o.参加人数,
  }),
);
export type TrainingRecord = RecordOf<typeof trainingSchema> & RowRef;

export function parseTraining(grid: Grid | null | undefined): Parsed<TrainingRecord> {
  return parseSheet(sheetSpec("培训"), grid, trainingSchema);
}

const talkSchema = sheetSchema(
  () =>
    z.object({
      日期: day(),
      单位: text(),
      谈话人: optText(),
      对象: optText(),
      类型: oneOf(TALK_TYPES),
      事由: optText(),
      困难情况: optText(),
      跟进措施: optText(),
      跟进日期: optDay(),
      跟进完成日期: optDay(),
    }),
  (o) => ({
    date: o.日期 as Day,
    unit: o.单位,
    talker: o.谈话人,
    target: o.对象,
    type: o.类型,
    reason: o.事由,
    difficulty: o.困难情况,
    measures: o.跟进措施,
    followUp: o.跟进日期 as Day | null,
    followUpDone: o.跟进完成日期 as Day | null,
  }),
);
export type TalkRecord = RecordOf<typeof talkSchema> & RowRef;

export function parseTalks(grid: Grid | null | undefined): Parsed<TalkRecord> {
  return parseSheet(sheetSpec("谈心谈话"), grid, talkSchema);
}

const assessmentSchema = sheetSchema(
  () =>
    z.object({
      年度: int(),
      人员编号: text(),
      姓名: optText(),
      单位: optText(),
      // readColumnValue has matched each listed condition (allowOther column): a list it is.
      绿色通道条件: orElse(z.custom<GreenChannelCondition[]>(isConditionList), []),
      依据: optText(),
      处分或诫勉: optOneOf(SANCTIONS),
      试用期: optOneOf(YES_NO),
      最终等次: optOneOf(FINAL_GRADES),
    }),
  (o) => ({
    year: o.年度,
    personId: o.人员编号,
    name: o.姓名,
    unit: o.单位,
    conditions: o.绿色通道条件,
    basis: o.依据,
    sanction: o.处分或诫勉,
    probation: o.试用期 === "是",
    finalGrade: o.最终等次,
  }),
);
export type AssessmentRecord = RecordOf<typeof assessmentSchema> & RowRef & { suggested: string };

export function parseAssessments(grid: Grid | null | undefined): Parsed<AssessmentRecord> {
  return parseSheet(sheetSpec("考核"), grid, assessmentSchema, (r) => ({
    suggested: readText(r.get("建议等次")),
  }));
}

const unitScoreSchema = sheetSchema(
  () =>
    z.object({
      年度: int(),
      单位: text(),
      目标责任考核得分: optNonNegative("目标责任考核得分", 10_000),
    }),
  (o) => ({ year: o.年度, unit: o.单位, score: o.目标责任考核得分 }),
);
export type UnitScoreRecord = RecordOf<typeof unitScoreSchema> &
  RowRef & {
    rank: number | null;
    excellentRatio: number | null;
    headcount: number | null;
    quota: number | null;
  };

export function parseUnitScores(grid: Grid | null | undefined): Parsed<UnitScoreRecord> {
  return parseSheet(sheetSpec("单位考核"), grid, unitScoreSchema, (r) => ({
    rank: computedNumber(r.get("排名")),
    excellentRatio: computedNumber(r.get("优秀比例")),
    headcount: computedNumber(r.get("考核人数")),
    quota: computedNumber(r.get("优秀名额")),
  }));
}

const holidaySchema = sheetSchema(
  () => z.object({ 日期: day(), 类型: oneOf(HOLIDAY_TYPES), 名称: optText() }),
  (o) => ({ day: o.日期 as Day, type: o.类型, name: o.名称 }),
);
export type HolidayRecord = RecordOf<typeof holidaySchema> & RowRef;

export function parseHolidays(grid: Grid | null | undefined): Parsed<HolidayRecord> {
  return parseSheet(sheetSpec("节假日"), grid, holidaySchema);
}

const awardStandardSchema = sheetSchema(
  () =>
    z
      .object({
        人员类别: oneOf(["公务员", "事业单位"] as const),
        奖励类型: oneOf(AWARD_TYPES),
        "奖金（元）": optNonNegative("奖金（元）", 10_000_000, "元"),
        参照: optOneOf(CIVIL_SERVANT_AWARDS),
      })
      .check(
        z.refine((o) => o["奖金（元）"] !== undefined || o.参照 !== undefined, {
          path: ["奖金（元）"],
          message: "奖金（元）和参照不能都为空",
        }),
      ),
  (o) => ({
    category: o.人员类别,
    award: o.奖励类型,
    bonus: o["奖金（元）"],
    reference: o.参照 ?? "",
  }),
);
export type AwardStandardRecord = RecordOf<typeof awardStandardSchema> & RowRef;

export function parseAwardStandards(grid: Grid | null | undefined): Parsed<AwardStandardRecord> {
  return parseSheet(sheetSpec("奖励标准"), grid, awardStandardSchema);
}

// ---------------------------------------------------------------------------------------------
// 参数
// ---------------------------------------------------------------------------------------------

export type { MonthDay };

/** The 参数 sheet as typed settings; keys left blank or absent keep their defaults. */
export interface Params {
  county: string;
  issuer: string;
  docPrefix: string;
  orgEmail: string;
  hrEmail: string;
  /** Days before a deadline on which reminders go out, largest first. */
  leadDays: number[];
  payDays: number;
  leaveYearsMode: (typeof LEAVE_YEARS_MODES)[number];
  /** 事业单位考核奖励: 事业单位 staff rated 优秀 get award suggestions too (default 否). */
  institutionAssessmentAwards: boolean;
  healthPlanDue: MonthDay;
  healthReportDue: MonthDay;
  leavePlanDue: MonthDay;
  /** Percentages as numbers: 20 means 20 %. */
  excellentPercent: number;
  topExcellentPercent: number;
  topUnitPercent: number;
  quotaRounding: (typeof QUOTA_ROUNDINGS)[number];
  smtpHost: string;
  smtpPort: number | null;
  smtpUser: string;
  sender: string;
}

export interface ParsedParams {
  params: Params;
  problems: Problem[];
  table: DecodedTable;
}

function readPercentValue(value: Cell, what: string): number {
  const text = typeof value === "string" ? normalizeText(value) : value;
  let n: number;
  if (typeof text === "string" && text.endsWith("%")) n = readNumber(text.slice(0, -1), what);
  else {
    n = readNumber(text, what);
    if (n > 0 && n <= 1) n = Math.round(n * 10_000) / 100;
  }
  if (n < 0 || n > 100) throw new InputError(`${what}应在0%到100%之间，收到${quote(value)}`);
  return n;
}

function readMonthDay(value: Cell, what: string): MonthDay {
  if (value instanceof Date) {
    const { month, day } = ymdFromDay(dayFromInstant(value));
    return { month, day };
  }
  return parseMonthDay(readText(value), what);
}

function defaultParamCells(): Map<string, Cell> {
  return new Map(PARAM_DEFAULTS.map(([k, v]) => [k, v]));
}

/** Typed parameters with defaults; problems for values that cannot be read (the default is kept). */
export function parseParams(grid: Grid | null | undefined): ParsedParams {
  const spec = sheetSpec("参数");
  const table = decodeTable(spec, grid);
  const problems: Problem[] = [...table.problems];
  const cells = defaultParamCells();
  const rowOf = new Map<string, number>();
  for (const r of table.rows) {
    // Every cell as its column says (text up to MAX_TEXT_LENGTH), as in the other sheets.
    let tooLong = false;
    for (const col of spec.columns) {
      if (!table.columns.has(col.name)) continue;
      try {
        readColumnValue(col, r.get(col.name));
      } catch (err) {
        tooLong = true;
        problems.push({
          sheet: spec.name,
          row: r.row,
          column: col.name,
          message: messageOf(err),
          value: cellText(r.get(col.name)),
        });
      }
    }
    if (tooLong) continue;
    const key = readText(r.get("参数"));
    if (!key) {
      problems.push({
        sheet: spec.name,
        row: r.row,
        column: "参数",
        message: "参数不能为空：这一行填了值或说明，却没有参数名称",
      });
      continue;
    }
    rowOf.set(key, r.row);
    const value = r.get("值");
    if (!isBlank(value)) cells.set(key, value);
  }
  const defaults = defaultParamCells();
  function read<T>(key: string, reader: (value: Cell, what: string) => T): T {
    try {
      return reader(cells.get(key) ?? null, `参数“${key}”`);
    } catch (err) {
      problems.push({
        sheet: spec.name,
        row: rowOf.get(key) ?? 0,
        column: "值",
        message: messageOf(err),
        value: cellText(cells.get(key) ?? null),
      });
      return reader(defaults.get(key) ?? null, key);
    }
  }
  const str = (value: Cell) => readText(value);
  const params: Params = {
    county: read("县名", str),
    issuer: read("发文机关", str),
    docPrefix: read("发文字号前缀", str),
    orgEmail: read("组织部门邮箱", str),
    hrEmail: read("人社部门邮箱", str),
    leadDays: read("提醒提前天数", (v) => parseLeadDays(readText(v))),
    payDays: read("日工资计薪天数", (v, what) => {
      const n = readNumber(v, what);
      if (!Number.isInteger(n) || n <= 0 || n > 366)
        throw new InputError(`${what}应为1到366的整数，收到${quote(v)}`);
      return n;
    }),
    leaveYearsMode: read(
      "年休假工龄计算方式",
      (v, what) => readEnum(what, LEAVE_YEARS_MODES, v) as Params["leaveYearsMode"],
    ),
    healthPlanDue: read("体检方案备案截止", readMonthDay),
    healthReportDue: read("体检情况备案截止", readMonthDay),
    leavePlanDue: read("年休假计划截止", readMonthDay),
    institutionAssessmentAwards: read(
      "事业单位考核奖励",
      (v, what) => readEnum(what, YES_NO, v) === "是",
    ),
    excellentPercent: read("优秀比例", readPercentValue),
    topExcellentPercent: read("排名靠前优秀比例", readPercentValue),
    topUnitPercent: read("排名靠前单位比例", readPercentValue),
    quotaRounding: read(
      "优秀名额取整",
      (v, what) => readEnum(what, QUOTA_ROUNDINGS, v) as Params["quotaRounding"],
    ),
    smtpHost: read("SMTP服务器", str),
    smtpPort: read("SMTP端口", (v, what) => {
      if (isBlank(v)) return null;
      const n = readNumber(v, what);
      if (!Number.isInteger(n) || n < 1 || n > 65535)
        throw new InputError(`${what}应为1到65535的整数，收到${quote(v)}`);
      return n;
    }),
    smtpUser: read("SMTP用户", str),
    sender: read("发件人", str),
  };
  return { params, problems, table };
}

/** The parameters when no 参数 sheet is given: every default. */
export function defaultParams(): Params {
  return parseParams(null).params;
}

const ROUNDING_RULES = { 向下取整: "floor", 四舍五入: "round", 向上取整: "ceil" } as const;

/** The 优秀名额 parameters of the assessment rules, from 参数. */
export function quotaParams(params: Params): QuotaParams {
  return {
    basePercent: params.excellentPercent,
    topPercent: params.topExcellentPercent,
    topSharePercent: params.topUnitPercent,
    rounding: ROUNDING_RULES[params.quotaRounding],
  };
}
