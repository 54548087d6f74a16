/**
 * 年休假计划备案表 (魏字〔2021〕30号 §二.5: "每年3月底前，制定出当年职工年休假计划…对重点岗位、
 * 急难险重作出突出贡献的，优先安排年休假"; plans are filed by cadre-management authority).
 * Per unit and year: every person in service, their service years and entitlement, key posts
 * marked for priority, and the plan's submission and filing dates from 年休假计划.
 */
import { lazy } from "../../records/parse";
import type { DocumentModel } from "../model";
import { chineseDate } from "../../rules/dates";
import { leaveEntitlement } from "../../rules/leave";
import { leaveServiceYears } from "../../rules/service";
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
  formatCount,
  groupedRows,
  messageOf,
  unitYear,
  para,
  loopTable,
} from "./common";

export const LEAVE_PLAN_TYPE = "年休假计划备案表" as const;

export const LEAVE_PLAN_SKELETON = lazy((): DocumentModel =>
  filingSkeleton([
    FILING_HEADER,
    FILING_OFFICE_LINE,
    para(
      "本单位{年度}年度在职职工{在职人数}人，应休年休假合计{应休天数合计}天，" +
        "其中重点岗位{重点岗位人数}人，优先安排年休假。年休假计划提交日期：{计划提交日期}；备案日期：{备案日期}。",
    ),
    loopTable(
      "人员",
      ["序号", "姓名", "人员类别", "工作年限", "应休天数", "重点岗位", "安排意见"],
      // Millimetres of the 156 mm 版心: at 小4 (4.23 mm a character) plus 3 mm of padding the
      // 4-character headers on one line (not 工作年/限), and 重点岗位，优先安排 too.
      [12, 17, 20.5, 20.5, 20.5, 20.5, 45],
      ["合计", "{在职人数}人", "", "", "{应休天数合计}", "{重点岗位人数}人", ""],
    ),
    flush(
      "说明：应休天数按《职工带薪年休假条例》及《河北省职工带薪年休假实施细则》计算；" +
        "计划须于每年3月31日前制定并按干部管理权限报组织人事部门备案。",
    ),
    FILING_SIGN_LINES,
  ]),
);

export function buildLeavePlanFiling(
  record: DocumentRecord,
  request: FilingRequest,
): BuiltDocument | null {
  const { unit, year } = request;
  const staff = activeStaff(record, unit, year);
  const plan = record.plans.find((p) => p.unit === unit && p.year === year) ?? null;
  if (staff.length === 0 && plan === null) return null;
  const warnings: string[] = [];
  const leaveRows = groupedRows(record, "leave by year and person", record.leave, (r) =>
    unitYear(r.personId, r.year),
  );

  let totalDays = 0;
  let keyPosts = 0;
  const rows = staff.map((p, i) => {
    let years = "—";
    let days = "—";
    try {
      const service = leaveServiceYears(p.startDate, year, record.params.leaveYearsMode);
      years = String(service);
      // The 年休假 row's entitlement when there is one (it knows sick and personal leave);
      // otherwise the entitlement by service years alone, as a plan made in March knows it.
      const known = leaveRows.get(unitYear(p.id, year))?.[0]?.entitlement;
      const entitlement = typeof known === "number" ? known : leaveEntitlement(service);
      days = formatCount(entitlement);
      totalDays += entitlement;
    } catch (err) {
      warnings.push(`${unit} ${p.name}（${p.id}）：${messageOf(err)}`);
    }
    if (p.keyPost) keyPosts++;
    const arrangement = p.keyPost ? "重点岗位，优先安排" : days === "0" ? "不享受当年年休假" : "";
    return {
      序号: String(i + 1),
      姓名: p.name,
      人员类别: p.category,
      工作年限: years,
      应休天数: days,
      重点岗位: p.keyPost ? "是" : "否",
      安排意见: arrangement,
    };
  });

  const data = {
    ...filingData(record, request, LEAVE_PLAN_TYPE),
    在职人数: String(staff.length),
    应休天数合计: formatCount(totalDays),
    重点岗位人数: String(keyPosts),
    计划提交日期: plan?.submitted != null ? chineseDate(plan.submitted) : "尚未提交",
    备案日期: plan?.filed != null ? chineseDate(plan.filed) : "尚未备案",
    人员: rows,
  };
  return builtFiling(LEAVE_PLAN_TYPE, request, LEAVE_PLAN_SKELETON(), data, warnings);
}
