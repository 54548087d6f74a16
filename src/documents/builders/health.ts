/**
 * 体检方案及体检情况备案表 (魏字〔2021〕30号 §二.4: "各单位体检方案和体检情况要按照干部管理权限，
 * 分别报组织人事部门备案"). Per unit and year: dates and head counts only — never a result,
 * a diagnosis or a named person.
 */
import { lazy } from "../../records/parse";
import type { DocumentModel } from "../model";
import { chineseDate } from "../../rules/dates";
import {
  type BuiltDocument,
  type DocumentRecord,
  type FilingRequest,
  FILING_HEADER,
  FILING_OFFICE_LINE,
  FILING_SIGN_LINES,
  activeStaff,
  builtFiling,
  filingData,
  filingSkeleton,
  flush,
  para,
} from "./common";

export const HEALTH_TYPE = "体检方案及体检情况备案表" as const;

export const HEALTH_SKELETON = lazy((): DocumentModel =>
  filingSkeleton([
    FILING_HEADER,
    FILING_OFFICE_LINE,
    para(
      "按照县委关于建立干部健康关爱机制的要求，本单位{年度}年度组织干部到县级及以上医疗机构进行健康体检，" +
        "体检项目按“常规项目+X”安排，现将体检方案和体检情况报备如下。",
    ),
    {
      kind: "table",
      header: ["项目", "情况"],
      columnWidths: [1, 2],
      rows: [
        ["体检年度", "{年度}年度"],
        ["体检方案备案日期", "{方案备案日期}"],
        ["体检完成日期", "{体检完成日期}"],
        ["在职人数", "{在职人数}"],
        ["参检人数", "{参检人数}"],
        ["参检率", "{参检率}"],
        ["体检情况备案日期", "{情况备案日期}"],
      ],
    },
    flush("说明：本表只报备体检的日期和人数，个人体检结果由本人和体检机构保管，不在本表填报。"),
    FILING_SIGN_LINES,
  ]),
);

export function buildHealthFiling(
  record: DocumentRecord,
  request: FilingRequest,
): BuiltDocument | null {
  const { unit, year } = request;
  const rows = record.health.filter((r) => r.unit === unit && r.year === year);
  if (rows.length === 0) return null;
  const warnings: string[] = [];
  // Several rows (分期分批): the earliest filing dates, the latest completion, the head counts added.
  const earliest = (values: (number | null)[]) => {
    const days = values.filter((v): v is number => v !== null);
    return days.length ? Math.min(...days) : null;
  };
  const latest = (values: (number | null)[]) => {
    const days = values.filter((v): v is number => v !== null);
    return days.length ? Math.max(...days) : null;
  };
  const planFiled = earliest(rows.map((r) => r.planFiled));
  const done = latest(rows.map((r) => r.done));
  const reportFiled = earliest(rows.map((r) => r.reportFiled));
  const counts = rows.map((r) => r.headcount).filter((v): v is number => v !== null);
  const examined = counts.length ? counts.reduce((a, b) => a + b, 0) : null;
  const staff = activeStaff(record, unit, year).length;
  const rate =
    examined !== null && staff > 0
      ? `${(Math.round((examined / staff) * 1000) / 10).toFixed(1)}%`
      : "—";
  if (examined !== null && examined > staff) {
    warnings.push(
      `${unit} ${year}年度参检人数（${examined}人）多于在职人数（${staff}人），请核对「体检」`,
    );
  }
  const show = (d: number | null, none: string) => (d === null ? none : chineseDate(d));

  const data = {
    ...filingData(record, request, HEALTH_TYPE),
    方案备案日期: show(planFiled, "尚未备案"),
    体检完成日期: show(done, "尚未完成"),
    在职人数: `${staff}人`,
    参检人数: examined === null ? "尚未填报" : `${examined}人`,
    参检率: rate,
    情况备案日期: show(reportFiled, "尚未备案"),
  };
  return builtFiling(HEALTH_TYPE, request, HEALTH_SKELETON(), data, warnings);
}
