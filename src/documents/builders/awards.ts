/**
 * 奖金发放审批表 (魏字〔2021〕30号 §二.3: 公务员 嘉奖 1500, 记三等功 3000, 记二等功 6000, 记一等功
 * 12000, 授予国家荣誉称号 20000 元; 事业单位 嘉奖/记功/记大功 参照). Per unit and year: each award
 * (姓名, 人员类别, 奖励类型, 批准机关, 批准文号, 奖金) and the total in figures and in 大写, then
 * the approval rows (单位意见, 组织人事部门意见, 财政部门意见), each with room for the opinion,
 * the signature, the seal and the date.
 */
import { lazy } from "../../records/parse";
import { chineseAmount, formatYuan, yuanToFen } from "../../rules/money";
import type { DocumentModel } from "../model";
import {
  type BuiltDocument,
  type DocumentRecord,
  FILING_HEADER,
  FILING_SIGN_LINES,
  type FilingRequest,
  builtFiling,
  filingData,
  filingSkeleton,
  flush,
  loopTable,
  nameOfRow,
  para,
  rowsOfUnit,
} from "./common";
import { UNKNOWN_CELL } from "./leaveUse";

export const AWARDS_TYPE = "奖金发放审批表" as const;

/** The approval rows: who gives an opinion; each row leaves room to write, sign, seal, date. */
export const APPROVAL_STEPS = ["单位意见", "组织人事部门意见", "财政部门意见"] as const;
/** What each approval cell holds under the blank lines for the opinion. */
export const APPROVAL_SIGN_TEXT = "负责人（签字）：　　　　　（盖章）\n　　　　年　　月　　日";

export const AWARDS_SKELETON = lazy((): DocumentModel =>
  filingSkeleton([
    FILING_HEADER,
    para(
      "根据县委《关于建立健全干部关怀激励机制的意见》（魏字〔2021〕30号）规定的奖励标准，" +
        "本单位{年度}年度经批准的奖励共{人次}人次，申请发放一次性奖金{奖金合计}元，" +
        "所需经费按现行经费渠道解决。",
    ),
    loopTable(
      "奖励",
      ["序号", "姓名", "人员类别", "奖励类型", "批准机关", "批准文号", "奖金（元）"],
      // Millimetres of the 156 mm 版心. At 小4 (4.23 mm a character) plus 3 mm of padding, each
      // header on one line (序号 and 合计 2 characters, 人员类别 and 奖励类型 4, 奖金（元） 5)
      // and 批准文号 wide enough for 魏组〔2026〕123号 (8.5 characters); 批准机关 wraps.
      [12, 16, 20.5, 20.5, 23, 39.5, 24.5],
      ["合计", "{人次}人次", "", "", "", "", "{奖金合计}"],
    ),
    flush("奖金合计（大写）：人民币{奖金合计大写}"),
    flush("奖金合计（小写）：¥{奖金合计}"),
    {
      kind: "table",
      header: ["审批环节", "审批意见"],
      // Millimetres: 组织人事部门意见 (8 characters of 4号, 4.94 mm each, and padding) on one line.
      columnWidths: [43, 113],
      rows: APPROVAL_STEPS.map((step) => [step, `\n\n${APPROVAL_SIGN_TEXT}`]),
      // The three opinions on one page: no opinion row alone under a repeated header.
      keepTogether: true,
    },
    FILING_SIGN_LINES,
  ]),
);

export function buildAwardsFiling(
  record: DocumentRecord,
  request: FilingRequest,
): BuiltDocument | null {
  const { unit, year } = request;
  const rows = rowsOfUnit(record, "awards", record.awards, unit, year);
  if (rows.length === 0) return null;
  const warnings: string[] = [];
  let totalFen = 0;
  const awards = rows.map((r, i) => {
    const name = nameOfRow(record, r);
    const category = r.category ?? record.peopleById.get(r.personId)?.category ?? "公务员";
    let bonus = UNKNOWN_CELL;
    if (r.bonus === null) {
      warnings.push(`${unit} ${name}（奖励第${r.row}行）的奖金无法取得，请先运行计算并核对该行`);
    } else {
      const fen = yuanToFen(r.bonus);
      totalFen += fen;
      bonus = formatYuan(fen);
    }
    return {
      序号: String(i + 1),
      姓名: name,
      人员类别: category,
      奖励类型: r.award,
      批准机关: r.approver,
      批准文号: r.approvalNumber,
      奖金: bonus,
    };
  });
  const data = {
    ...filingData(record, request, AWARDS_TYPE),
    人次: String(rows.length),
    奖金合计: formatYuan(totalFen),
    奖金合计大写: chineseAmount(totalFen),
    奖励: awards,
  };
  return builtFiling(AWARDS_TYPE, request, AWARDS_SKELETON(), data, warnings);
}
