/**
 * 年休假执行及未休报酬情况备案表 (魏字〔2021〕30号 §二.5: unused days paid at 300 % of the daily
 * wage, normal wage included; the part beyond normal wage paid in one sum before the end of
 * March of the next year; "干部休假情况要按照干部管理权限…备案"). Per unit and year: each
 * person's 应休/已休/未休天数, 日工资收入, 未休年休假报酬, 其中另行支付, 实际支付日期, and the
 * totals. Amounts are the computed cells (rounded once, to the fen); totals add those fen.
 */
import { lazy } from "../../records/parse";
import type { DocumentModel } from "../model";
import { isoFromDay } from "../../rules/dates";
import { formatYuan, yuanToFen } from "../../rules/money";
import {
  type BuiltDocument,
  type DocumentRecord,
  type FilingRequest,
  FILING_HEADER,
  FILING_OFFICE_LINE,
  FILING_SIGN_LINES,
  builtFiling,
  filingData,
  filingSkeleton,
  flush,
  formatCount,
  loopTable,
  nameOfRow,
  para,
  rowsOfUnit,
} from "./common";

export const LEAVE_USE_TYPE = "年休假执行及未休报酬情况备案表" as const;

/** Shown in a cell whose computed value is missing or an error (and listed as a warning). */
export const UNKNOWN_CELL = "待核实";

/** The table's headers; each column shows the 人员 record field its header names. */
export const LEAVE_USE_HEADER = [
  "序号",
  "姓名",
  "应休天数",
  "已休天数",
  "未休天数",
  "日工资收入（元）",
  "未休年休假报酬（元）",
  "其中另行支付（元）",
  "实际支付日期",
];

export const LEAVE_USE_SKELETON = lazy((): DocumentModel =>
  filingSkeleton([
    FILING_HEADER,
    FILING_OFFICE_LINE,
    para(
      "本单位{年度}年度纳入统计{统计人数}人，应休年休假{应休天数合计}天，" +
        "已休{已休天数合计}天，未休{未休天数合计}天；" +
        "未休年休假工资报酬合计{报酬合计}元，其中另行支付{另行支付合计}元{未支付说明}。",
    ),
    loopTable(
      "人员",
      LEAVE_USE_HEADER,
      [0.7, 1.1, 0.8, 0.8, 0.8, 1.2, 1.4, 1.4, 1.4],
      [
        "合计",
        "{统计人数}人",
        "{应休天数合计}",
        "{已休天数合计}",
        "{未休天数合计}",
        "",
        "{报酬合计}",
        "{另行支付合计}",
        "",
      ],
    ),
    flush(
      "说明：日工资收入为应休年休假当年的全年工资收入除以全年计薪天数（{计薪天数}天），" +
        "合同制人员为月平均工资除以21.75天；" +
        "未休年休假工资报酬按日工资收入的300%支付（含正常工作期间的工资收入），" +
        "其中除正常工资收入外的部分（200%）于{支付截止年度}年3月31日前一次性支付（合同制人员于当年内支付）；" +
        "单位已安排年休假而本人申请不休的，或事假超过应休天数但不足20天的，只支付正常工资收入。{收入说明}",
    ),
    FILING_SIGN_LINES,
  ]),
);

/** Which rows' daily wage stands on 上年度工资收入 in place of the year's own (日工资依据 …（代）). */
function incomeNote(names: readonly string[]): string {
  if (names.length === 0) return "";
  const who =
    names.length <= 5 ? names.join("、") : `${names.slice(0, 5).join("、")}等${names.length}人`;
  return `其中${who}未填写当年全年工资收入，日工资收入暂按上年度工资收入计算，请核实后补填。`;
}

export function buildLeaveUseFiling(
  record: DocumentRecord,
  request: FilingRequest,
): BuiltDocument | null {
  const { unit, year } = request;
  const rows = rowsOfUnit(record, "leave", record.leave, unit, year);
  if (rows.length === 0) return null;
  const warnings: string[] = [];
  const sums = { entitlement: 0, used: 0, unused: 0, payFen: 0, extraFen: 0 };
  let unpaid = 0;

  const body = rows.map((r, i) => {
    const name = nameOfRow(record, r);
    const missing: string[] = [];
    const days = (value: number | null, column: string, key: "entitlement" | "used" | "unused") => {
      if (value === null) {
        missing.push(column);
        return UNKNOWN_CELL;
      }
      sums[key] += value;
      return formatCount(value);
    };
    const money = (value: number | null, column: string, key: "payFen" | "extraFen" | null) => {
      if (value === null) {
        missing.push(column);
        return UNKNOWN_CELL;
      }
      const fen = yuanToFen(value);
      if (key) sums[key] += fen;
      return formatYuan(fen);
    };
    const cells = {
      序号: String(i + 1),
      姓名: name,
      应休天数: days(r.entitlement, "应休天数", "entitlement"),
      已休天数: days(r.usedDays, "已休天数", "used"),
      未休天数: days(r.unusedDays, "未休天数", "unused"),
      日工资收入: money(r.dailyWage, "日工资收入", null),
      未休年休假报酬: money(r.unusedPay, "未休年休假报酬", "payFen"),
      其中另行支付: money(r.extraPay, "其中另行支付", "extraFen"),
      实际支付日期: "",
    };
    let paid = "";
    if (r.paidDate !== null) paid = isoFromDay(r.paidDate);
    else if (r.extraPay !== null && r.extraPay > 0) {
      paid = "未支付";
      unpaid++;
    }
    cells.实际支付日期 = paid;
    if (missing.length) {
      warnings.push(
        `${unit} ${name}（年休假第${r.row}行）的${missing.join("、")}无法取得，请先运行计算并核对该行`,
      );
    }
    return cells;
  });

  const data = {
    ...filingData(record, request, LEAVE_USE_TYPE),
    统计人数: String(rows.length),
    应休天数合计: formatCount(sums.entitlement),
    已休天数合计: formatCount(sums.used),
    未休天数合计: formatCount(sums.unused),
    报酬合计: formatYuan(sums.payFen),
    另行支付合计: formatYuan(sums.extraFen),
    未支付说明: unpaid > 0 ? `，尚有${unpaid}人的另行支付部分未支付` : "",
    计薪天数: String(record.params.payDays),
    支付截止年度: String(year + 1),
    收入说明: incomeNote(
      rows.filter((r) => r.wageBasis.includes("（代）")).map((r) => nameOfRow(record, r)),
    ),
    人员: body,
  };
  return builtFiling(LEAVE_USE_TYPE, request, LEAVE_USE_SKELETON(), data, warnings);
}
