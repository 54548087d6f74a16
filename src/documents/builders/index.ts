/**
 * The builders, one per document type, and the default year each document is about.
 * Per-unit filings are (record, {unit, year, date}) → document or null when the unit has
 * nothing to file for that year; the notices take what the deadline scan decided.
 */
export * from "./common";
export { LEAVE_PLAN_TYPE, buildLeavePlanFiling } from "./leavePlan";
export { LEAVE_USE_TYPE, UNKNOWN_CELL, buildLeaveUseFiling } from "./leaveUse";
export { HEALTH_TYPE, buildHealthFiling } from "./health";
export { APPROVAL_STEPS, AWARDS_TYPE, buildAwardsFiling } from "./awards";
export { EXCELLENT_TYPE, buildExcellentList } from "./excellent";
export {
  NOTICE_KINDS,
  PRAISE_TYPE,
  buildPraiseNotice,
  type PraiseRequest,
  type PraisedUnit,
} from "./praise";
export {
  CRITICISM_TYPE,
  buildCriticismNotice,
  overdueEntries,
  type CriticismRequest,
  type OverdueItem,
} from "./criticism";

import type { DocumentModel } from "../model";
import type { BuiltDocument, DocumentRecord, DocumentType, FilingRequest } from "./common";
import { LEAVE_PLAN_SKELETON, buildLeavePlanFiling } from "./leavePlan";
import { LEAVE_USE_SKELETON, buildLeaveUseFiling } from "./leaveUse";
import { HEALTH_SKELETON, buildHealthFiling } from "./health";
import { AWARDS_SKELETON, buildAwardsFiling } from "./awards";
import { EXCELLENT_SKELETON, buildExcellentList } from "./excellent";
import { PRAISE_SKELETON } from "./praise";
import { CRITICISM_SKELETON } from "./criticism";

/**
 * Each document type's layout with placeholders: what the built-in template of the type holds
 * (templates/<类型>.docx is rendered from it by scripts/make-templates.ts).
 */
export const SKELETONS: Readonly<Record<DocumentType, DocumentModel>> = {
  // Getters: each skeleton is laid out on first use, not while the Apps Script bundle loads.
  get 年休假计划备案表() {
    return LEAVE_PLAN_SKELETON();
  },
  get 年休假执行及未休报酬情况备案表() {
    return LEAVE_USE_SKELETON();
  },
  get 体检方案及体检情况备案表() {
    return HEALTH_SKELETON();
  },
  get 奖金发放审批表() {
    return AWARDS_SKELETON();
  },
  get 年度考核优秀等次名单() {
    return EXCELLENT_SKELETON();
  },
  get 通报表扬() {
    return PRAISE_SKELETON();
  },
  get 通报批评() {
    return CRITICISM_SKELETON();
  },
};

export type FilingBuilder = (
  record: DocumentRecord,
  request: FilingRequest,
) => BuiltDocument | null;

/** The per-unit filings, in the order they are generated. */
export const FILING_BUILDERS: readonly (readonly [DocumentType, FilingBuilder])[] = [
  ["年休假计划备案表", buildLeavePlanFiling],
  ["年休假执行及未休报酬情况备案表", buildLeaveUseFiling],
  ["体检方案及体检情况备案表", buildHealthFiling],
  ["奖金发放审批表", buildAwardsFiling],
  ["年度考核优秀等次名单", buildExcellentList],
];

/**
 * The year a document is about when none is asked for, from the date it is written on:
 * - the date's year for what is planned and done within the year: 年休假计划备案表 (plans by
 *   31 March), 体检方案及体检情况备案表, 奖金发放审批表 (awards approved and paid in the year);
 * - the year before for what can only be judged once the year is over: 年休假执行及未休报酬情况
 *   备案表 (use of the year, extra pay due by 31 March of the next), 年度考核优秀等次名单
 *   (assessed after the year ends), 通报表扬 (every item of the year finished on time);
 * - 通报批评 is about the date itself: its year is the date's year.
 */
export const DEFAULT_YEAR_OFFSET: Readonly<Record<DocumentType, 0 | -1>> = {
  年休假计划备案表: 0,
  年休假执行及未休报酬情况备案表: -1,
  体检方案及体检情况备案表: 0,
  奖金发放审批表: 0,
  年度考核优秀等次名单: -1,
  通报表扬: -1,
  通报批评: 0,
};

/** The year of a document type: the year asked for, else the default from the date's year. */
export function documentYear(type: DocumentType, dateYear: number, asked: number | null): number {
  if (type === "通报批评") return dateYear;
  return asked ?? dateYear + DEFAULT_YEAR_OFFSET[type];
}
