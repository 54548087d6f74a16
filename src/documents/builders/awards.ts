/**
 * 奖金发放审批表 (魏字〔2021〕30号 §二.3: 公务员 嘉奖 1500, 记三等功 3000, 记二等功 6000, 记一等功
 * 12000, 授予国家荣誉称号 20000 元; 事业单位 嘉奖/记功/记大功 参照). Per unit and year: each award
 * (姓名, 人员类别, 奖励类型, 批准机关, 批准文号, 奖金) and the total in figures and in 大写.
 */
import { chineseAmount, formatYuan, yuanToFen } from "../../rules/money";
import {
  type BuiltDocument,
  type DocumentRecord,
  type FilingRequest,
  filingHeader,
  filingModel,
  filingSignLines,
  flush,
  nameOfRow,
  para,
  rowsOfUnit,
} from "./common";
import { UNKNOWN_CELL } from "./leaveUse";

export const AWARDS_TYPE = "奖金发放审批表" as const;

export function buildAwardsFiling(
  record: DocumentRecord,
  request: FilingRequest,
): BuiltDocument | null {
  const { unit, year } = request;
  const rows = rowsOfUnit(record, "awards", record.awards, unit, year);
  if (rows.length === 0) return null;
  const warnings: string[] = [];
  let totalFen = 0;
  const body = rows.map((r, i) => {
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
    return [String(i + 1), name, category, r.award, r.approver, r.approvalNumber, bonus];
  });
  const total = formatYuan(totalFen);
  const inWords = chineseAmount(totalFen);

  const model = filingModel(request, AWARDS_TYPE, [
    filingHeader(unit, request.date),
    para(
      `根据县委《关于建立健全干部关怀激励机制的意见》（魏字〔2021〕30号）规定的奖励标准，` +
        `本单位${year}年度经批准的奖励共${rows.length}人次，申请发放一次性奖金${total}元，` +
        "所需经费按现行经费渠道解决。",
    ),
    {
      kind: "table",
      header: ["序号", "姓名", "人员类别", "奖励类型", "批准机关", "批准文号", "奖金（元）"],
      columnWidths: [0.6, 1, 1, 1.3, 2.1, 1.6, 1.1],
      rows: body,
      totalRow: ["合计", `${rows.length}人次`, "", "", "", "", total],
    },
    flush(`奖金合计（大写）：人民币${inWords}`),
    flush(`奖金合计（小写）：¥${total}`),
    flush("单位意见：\t（盖章）　　年　　月　　日"),
    flush("组织人事部门审核意见：\t（盖章）　　年　　月　　日"),
    flush("财政部门审核意见：\t（盖章）　　年　　月　　日"),
    filingSignLines(record, unit),
  ]);
  return { type: AWARDS_TYPE, year, unit, model, warnings };
}
