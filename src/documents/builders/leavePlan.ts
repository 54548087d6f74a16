/**
 * 年休假计划备案表 (魏字〔2021〕30号 §二.5: "每年3月底前，制定出当年职工年休假计划…对重点岗位、
 * 急难险重作出突出贡献的，优先安排年休假"; plans are filed by cadre-management authority).
 * Per unit and year: every person in service, their service years and entitlement, key posts
 * marked for priority, and the plan's submission and filing dates from 年休假计划.
 */
import { chineseDate } from "../../rules/dates";
import { leaveEntitlement } from "../../rules/leave";
import { leaveServiceYears } from "../../rules/service";
import {
  type BuiltDocument,
  type DocumentRecord,
  type FilingRequest,
  activeStaff,
  filingHeader,
  filingModel,
  filingOffice,
  filingSignLines,
  flush,
  formatCount,
  groupedRows,
  messageOf,
  unitYear,
  para,
} from "./common";

export const LEAVE_PLAN_TYPE = "年休假计划备案表" as const;

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
    return [String(i + 1), p.name, p.category, years, days, p.keyPost ? "是" : "否", arrangement];
  });

  const submitted = plan?.submitted != null ? chineseDate(plan.submitted) : "尚未提交";
  const filed = plan?.filed != null ? chineseDate(plan.filed) : "尚未备案";
  const model = filingModel(request, LEAVE_PLAN_TYPE, [
    filingHeader(unit, request.date),
    flush(`报送：${filingOffice(record, unit)}`),
    para(
      `本单位${year}年度在职职工${staff.length}人，应休年休假合计${formatCount(totalDays)}天，` +
        `其中重点岗位${keyPosts}人，优先安排年休假。年休假计划提交日期：${submitted}；备案日期：${filed}。`,
    ),
    {
      kind: "table",
      header: ["序号", "姓名", "人员类别", "工作年限", "应休天数", "重点岗位", "安排意见"],
      columnWidths: [0.7, 1.2, 1.2, 0.9, 0.9, 0.9, 2],
      rows,
      totalRow: ["合计", `${staff.length}人`, "", "", formatCount(totalDays), `${keyPosts}人`, ""],
    },
    flush(
      "说明：应休天数按《职工带薪年休假条例》及《河北省职工带薪年休假实施细则》计算；" +
        "计划须于每年3月31日前制定并按干部管理权限报组织人事部门备案。",
    ),
    filingSignLines(record, unit),
  ]);
  return { type: LEAVE_PLAN_TYPE, year, unit, model, warnings };
}
