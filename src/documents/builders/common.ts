/**
 * What every builder shares: the document types (their Chinese names are the contract of
 * documents.json and the 文档 sheet), the parsed record the builders read, and the parts of a
 * filing (备案表/审批表) that every form has. Pure: no I/O, no clock.
 */
import type { Grid } from "../../records/cells";
import {
  type AssessmentRecord,
  type AwardRecord,
  type HealthRecord,
  type LeaveRow,
  type Params,
  type PersonRecord,
  type PlanRecord,
  type UnitRecord,
  type UnitScoreRecord,
  parseAssessments,
  parseAwards,
  parseHealth,
  parseLeaveRows,
  parseParams,
  parsePeople,
  parsePlans,
  parseUnitScores,
  parseUnits,
} from "../../records/parse";
import { type Day, chineseDate, dayFromYmd } from "../../rules/dates";
import type { Block, DocumentKind, DocumentModel, ParagraphBlock, TableBlock } from "../model";
import {
  CHARS_PER_LINE,
  TITLE_MAX_CHARS,
  closingIndents,
  gridCells,
  offGridChars,
} from "../layout";
import { breakTitle } from "../titles";
import { CLOSING_FIELDS, type TemplateData, fillModel } from "../template";

/** Every document the system writes, by its Chinese name (documents.json `type`, 文档 类型). */
export const DOCUMENT_TYPES = [
  "年休假计划备案表",
  "年休假执行及未休报酬情况备案表",
  "体检方案及体检情况备案表",
  "奖金发放审批表",
  "年度考核优秀等次名单",
  "通报表扬",
  "通报批评",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Circulated county-wide notices (unit null); the others are per-unit filings. */
export const NOTICE_TYPES: readonly DocumentType[] = ["通报表扬", "通报批评"];

export function documentKind(type: DocumentType): DocumentKind {
  return NOTICE_TYPES.includes(type) ? "notice" : "filing";
}

/** The sheets the builders read. */
export const RECORD_SHEETS = [
  "参数",
  "单位",
  "人员",
  "奖励",
  "年休假",
  "年休假计划",
  "体检",
  "考核",
  "单位考核",
] as const;

/** The parsed record, computed columns included as last written (run compute first). */
export interface DocumentRecord {
  params: Params;
  units: UnitRecord[];
  people: PersonRecord[];
  awards: AwardRecord[];
  leave: LeaveRow[];
  plans: PlanRecord[];
  health: HealthRecord[];
  assessments: AssessmentRecord[];
  unitScores: UnitScoreRecord[];
  /** People by 人员编号 (the first row of an id wins). */
  peopleById: Map<string, PersonRecord>;
}

/** Parse the sheets the builders need; rows that do not parse are left out (check lists them). */
export function readDocumentRecord(grid: (sheet: string) => Grid | null): DocumentRecord {
  const people = parsePeople(grid("人员")).items;
  const peopleById = new Map<string, PersonRecord>();
  for (const p of people) if (!peopleById.has(p.id)) peopleById.set(p.id, p);
  return {
    params: parseParams(grid("参数")).params,
    units: parseUnits(grid("单位")).items,
    people,
    awards: parseAwards(grid("奖励")).items,
    leave: parseLeaveRows(grid("年休假")).items,
    plans: parsePlans(grid("年休假计划")).items,
    health: parseHealth(grid("体检")).items,
    assessments: parseAssessments(grid("考核")).items,
    unitScores: parseUnitScores(grid("单位考核")).items,
    peopleById,
  };
}

/** One built document, before numbering: `model.number` is set by the publish workflow. */
export interface BuiltDocument {
  type: DocumentType;
  year: number;
  /** null for county-wide notices. */
  unit: string | null;
  model: DocumentModel;
  /** What the reader should check (values the record could not give), in Chinese. */
  warnings: string[];
}

/** What a per-unit filing builder is given besides the record. */
export interface FilingRequest {
  unit: string;
  year: number;
  /** 填报日期 / 成文日期. */
  date: Day;
}

/** The unit a row belongs to: its own 单位 cell, else the person's unit in 人员. */
export function unitOfRow(record: DocumentRecord, row: { unit: string; personId: string }): string {
  return row.unit || record.peopleById.get(row.personId)?.unit || "";
}

/** The name a row shows: its own 姓名, else the person's name in 人员. */
export function nameOfRow(record: DocumentRecord, row: { name: string; personId: string }): string {
  return row.name || record.peopleById.get(row.personId)?.name || row.personId;
}

/**
 * Every unit name the documents may cover, in 单位 sheet order, then units named only in the
 * other sheets in order of first appearance.
 */
export function unitNames(record: DocumentRecord): string[] {
  const names = new Set<string>(); // keeps the order names were first added in
  const add = (name: string): void => {
    if (name) names.add(name);
  };
  for (const u of record.units) add(u.name);
  for (const p of record.people) add(p.unit);
  for (const r of record.leave) add(unitOfRow(record, r));
  for (const r of record.awards) add(unitOfRow(record, r));
  for (const r of record.plans) add(r.unit);
  for (const r of record.health) add(r.unit);
  for (const r of record.assessments) add(unitOfRow(record, r));
  return [...names];
}

/**
 * Rows grouped by a key, built once per record and list (builders run once per unit, so a
 * filter over the whole sheet per unit would cost units × rows).
 */
const groups = new WeakMap<object, Map<string, Map<string, unknown[]>>>();
export function groupedRows<T>(
  record: DocumentRecord,
  name: string,
  rows: readonly T[],
  keyOf: (row: T) => string,
): Map<string, T[]> {
  let byName = groups.get(record);
  if (!byName) {
    byName = new Map();
    groups.set(record, byName);
  }
  let group = byName.get(name) as Map<string, T[]> | undefined;
  if (!group) {
    group = new Map<string, T[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = group.get(key);
      if (list) list.push(row);
      else group.set(key, [row]);
    }
    byName.set(name, group as Map<string, unknown[]>);
  }
  return group;
}

/** The key of a (unit, year) group. */
export function unitYear(unit: string, year: number): string {
  return `${unit}\u0000${year}`;
}

/** Rows of a sheet's records for one unit and year, in sheet order (index built once). */
export function rowsOfUnit<T extends { year: number; unit: string; personId: string }>(
  record: DocumentRecord,
  name: string,
  rows: readonly T[],
  unit: string,
  year: number,
): T[] {
  return (
    groupedRows(record, name, rows, (r) => unitYear(unitOfRow(record, r), r.year)).get(
      unitYear(unit, year),
    ) ?? []
  );
}

/** People of a unit in service during year Y (在职, started by the end of Y), in sheet order. */
export function activeStaff(record: DocumentRecord, unit: string, year: number): PersonRecord[] {
  const yearEnd = dayFromYmd(year, 12, 31);
  const staff = groupedRows(record, "people", record.people, (p) => p.unit).get(unit) ?? [];
  return staff.filter((p) => p.status === "在职" && p.startDate <= yearEnd);
}

/** Where a unit files (干部管理权限): the organisation department or the HR bureau. */
export function filingOffice(record: DocumentRecord, unit: string): string {
  const info = record.units.find((u) => u.name === unit);
  return info?.authority === "人社部门"
    ? `${record.params.county}人力资源和社会保障局`
    : record.params.issuer;
}

/**
 * 填报单位（盖章）：X　　填报日期：2027年3月31日 (the date set flush right); {填报日期另起} is a
 * line break when both do not fit one line of 28 characters, so the date goes whole to the
 * next line, still flush right, instead of wrapping inside it.
 */
export const FILING_HEADER: ParagraphBlock = {
  kind: "paragraph",
  text: "填报单位（盖章）：{填报单位}{填报日期另起}\t填报日期：{填报日期}",
  indent: false,
};

/** The signature lines under a form: 主要负责人 and 填表人 from the 单位 sheet. */
export const FILING_SIGN_LINES: ParagraphBlock = {
  kind: "paragraph",
  text: "单位主要负责人：{单位主要负责人}\t填表人：{填表人}",
  indent: false,
};

/** 报送：the office the form goes to. */
export const FILING_OFFICE_LINE: ParagraphBlock = {
  kind: "paragraph",
  text: "报送：{报送机关}",
  indent: false,
};

/** The skeleton of a filing (form): no 版头, no 发文字号, signed by the unit, no 版记. */
export function filingSkeleton(blocks: Block[]): DocumentModel {
  return {
    kind: "filing",
    issuer: null,
    number: null,
    title: "{标题}",
    recipients: null,
    blocks,
    attachments: [],
    signature: `{${CLOSING_FIELDS.signature}}`,
    date: 0,
    copyTo: [],
    printedBy: null,
    printedOn: null,
  };
}

/**
 * The closing fields of every template: 署名, 成文日期 and the full-width spaces before each
 * that set it where §7.3.5.2 puts it, counted in cells of the 28-character grid (gridCells: a
 * run of digits takes whole cells); leading spaces, as a right-aligned paragraph in
 * LibreOffice drops trailing ones.
 */
export function closingData(signature: string, date: Day): TemplateData {
  const dateText = chineseDate(date);
  // The closing is set off the grid's cells (figures half a character wide, no gap after a
  // one-digit day): full-width spaces, and an en space for a half.
  const { signatureRight, dateRight } = closingIndents(signature, dateText, offGridChars);
  const lead = (text: string, right: number) => {
    const pad = Math.max(0, CHARS_PER_LINE - right - offGridChars(text));
    return "\u3000".repeat(Math.floor(pad)) + (pad % 1 >= 0.5 ? "\u2002" : "");
  };
  return {
    [CLOSING_FIELDS.signature]: signature,
    [CLOSING_FIELDS.signaturePad]: lead(signature, signatureRight),
    [CLOSING_FIELDS.date]: dateText,
    [CLOSING_FIELDS.datePad]: lead(dateText, dateRight),
  };
}

/** The fields every filing has: 标题 (broken by words), 填报 lines, 报送机关, closing. */
export function filingData(
  record: DocumentRecord,
  request: FilingRequest,
  type: DocumentType,
): TemplateData {
  const { unit, year, date } = request;
  const info = record.units.find((u) => u.name === unit);
  // 年度考核优秀等次名单 already starts with 年度: 2026年度考核优秀等次名单, not 年度年度.
  const title = `${unit}${year}${type.startsWith("年度") ? type : `年度${type}`}`;
  return {
    标题: breakTitle(title, TITLE_MAX_CHARS, [unit]),
    年度: String(year),
    填报单位: unit,
    填报日期另起:
      gridCells(`填报单位（盖章）：${unit}`) + 1 + gridCells(`填报日期：${chineseDate(date)}`) >
      CHARS_PER_LINE
        ? "\n"
        : "",
    填报日期: chineseDate(date),
    报送机关: filingOffice(record, unit),
    单位主要负责人: info?.head ? `${info.head}（签字）` : "（签字）",
    填表人: info?.contact ? info.contact : "",
    ...closingData(unit, date),
  };
}

/** A built filing: the skeleton of its type filled with its data. */
export function builtFiling(
  type: DocumentType,
  request: FilingRequest,
  skeleton: DocumentModel,
  data: TemplateData,
  warnings: string[],
): BuiltDocument {
  const model = fillModel(skeleton, type, data, { date: request.date, printedOn: null });
  return {
    type,
    year: request.year,
    unit: request.unit,
    model: { ...model, year: request.year },
    warnings,
  };
}

/**
 * A table whose one template row repeats over the records of `loop` ({#loop}…{/loop}, a
 * docxtemplater table-row loop); each column shows the record field its header names, less a
 * unit in brackets (奖金（元） shows {奖金}).
 */
export function loopTable(
  loop: string,
  header: string[],
  columnWidths: number[],
  totalRow: string[],
): TableBlock {
  const last = header.length - 1;
  const row = header.map((h, i) => {
    const field = `{${h.replace(/（[^）]*）$/, "")}}`;
    return `${i === 0 ? `{#${loop}}` : ""}${field}${i === last ? `{/${loop}}` : ""}`;
  });
  return { kind: "table", header, columnWidths, rows: [row], totalRow };
}

/** A text paragraph, first line indented. */
export function para(text: string): ParagraphBlock {
  return { kind: "paragraph", text };
}

/** A 顶格 paragraph (说明, 填报 lines). */
export function flush(text: string): ParagraphBlock {
  return { kind: "paragraph", text, indent: false };
}

/** Counts and day figures as printed: integers plain, fractions with up to two decimals. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** The county document every notice cites. */
export const POLICY_CITATION = "县委《关于建立健全干部关怀激励机制的意见》（魏字〔2021〕30号）";

/** 主送机关 of circulated notices (the distribution of 魏字〔2021〕30号). */
export const NOTICE_RECIPIENTS = "各乡镇党委，街道党工委，县委各部门，县直各单位党委（党组）：";

/** 抄送 of notices: the bodies that supervise with the organisation department (§三). */
export const NOTICE_COPY_TO = ["县纪委监委", "县委督查室", "县政府督查室"];

/** The skeleton of a circulated notice of the organisation department. */
export function noticeSkeleton(title: string, blocks: Block[]): DocumentModel {
  return {
    kind: "notice",
    issuer: "{发文机关}",
    number: "{发文字号}",
    title,
    recipients: NOTICE_RECIPIENTS,
    blocks,
    attachments: [],
    signature: `{${CLOSING_FIELDS.signature}}`,
    date: 0,
    copyTo: NOTICE_COPY_TO,
    printedBy: "{发文机关}办公室",
    printedOn: 0,
  };
}

/** A built notice (发文字号 set later by the publish workflow, see withNumber). */
export function builtNotice(
  type: DocumentType,
  params: Params,
  year: number,
  date: Day,
  skeleton: DocumentModel,
  fields: TemplateData,
): BuiltDocument {
  const data: TemplateData = {
    发文机关: params.issuer,
    发文字号: "",
    ...closingData(params.issuer, date),
    [CLOSING_FIELDS.printedOn]: chineseDate(date),
    ...fields,
  };
  const model = fillModel(skeleton, type, data, { date, printedOn: date });
  return { type, year, unit: null, model: { ...model, year, number: null }, warnings: [] };
}

/** The message of a thrown value (src/rules/errors.ts). */
export { messageOf } from "../../rules/errors";
