/**
 * 年度考核优秀等次名单 (魏字〔2021〕30号 §二.3: the "绿色通道" — 省市考核排位前三名, 零信访无事故,
 * 突出贡献, 国家级荣誉 → 优秀 directly; units ranked high in the 目标责任考核 get a larger 优秀
 * share). Per unit and year: the unit's quota from 单位考核, the names rated 优秀, and each
 * green-channel name with its condition and 依据.
 */
import { lazy } from "../../records/parse";
import type { DocumentModel } from "../model";
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
  nameOfRow,
  para,
  rowsOfUnit,
} from "./common";

export const EXCELLENT_TYPE = "年度考核优秀等次名单" as const;

export const EXCELLENT_SKELETON = lazy((): DocumentModel =>
  filingSkeleton([
    FILING_HEADER,
    FILING_OFFICE_LINE,
    para("{考核情况}。"),
    {
      kind: "table",
      header: ["序号", "姓名", "人员类别", "确定方式"],
      columnWidths: [0.7, 1.4, 1.4, 2],
      rows: [["{#优秀}{序号}", "{姓名}", "{人员类别}", "{确定方式}{/优秀}"]],
      totalRow: ["合计", "{优秀人数}人", "", "其中绿色通道{绿色通道人数}人"],
    },
    flush("{#有绿色通道}"),
    flush("符合“绿色通道”条件人员："),
    {
      kind: "table",
      header: ["序号", "姓名", "绿色通道条件", "依据"],
      columnWidths: [0.7, 1.2, 1.8, 3.6],
      rows: [["{#绿色通道}{序号}", "{姓名}", "{绿色通道条件}", "{依据}{/绿色通道}"]],
    },
    flush("{/有绿色通道}"),
    flush(
      "说明：对涉及省市考核排位前三名的，“零”信访且社会治安、安全生产全年不出问题的，" +
        "在项目建设、招商引资、乡村振兴、疫情防控、抗险救灾等工作中作出突出贡献的，获得国家级荣誉的，" +
        "开辟“绿色通道”，年终直接定为“优秀”等次（魏字〔2021〕30号）。",
    ),
    FILING_SIGN_LINES,
  ]),
);

export function buildExcellentList(
  record: DocumentRecord,
  request: FilingRequest,
): BuiltDocument | null {
  const { unit, year } = request;
  const rows = rowsOfUnit(record, "assessments", record.assessments, unit, year);
  if (rows.length === 0) return null;
  const warnings: string[] = [];
  const score = record.unitScores.find((s) => s.unit === unit && s.year === year) ?? null;
  const ranked = record.unitScores.filter((s) => s.year === year && s.score !== null).length;

  // 优秀: the final grade, or — while it is blank — the green channel's direct 优秀, which a
  // 处分, 诫勉 or 试用期 rules out (公务员考核规定第二十五、二十九条): only 优秀 counts.
  const green = rows.filter((r) => r.conditions.length > 0 && !r.sanction && !r.probation);
  const excellent = rows.filter(
    (r) => r.finalGrade === "优秀" || (r.finalGrade === null && green.includes(r)),
  );
  for (const r of green) {
    if (r.finalGrade !== null && r.finalGrade !== "优秀") {
      warnings.push(
        `${unit} ${nameOfRow(record, r)}（考核第${r.row}行）符合绿色通道条件，最终等次却为${r.finalGrade}，请核实`,
      );
    }
  }
  const category = (personId: string) => record.peopleById.get(personId)?.category ?? "";
  const quota = score?.quota ?? null;
  const ratio =
    score?.excellentRatio != null
      ? `${formatCount(Math.round(score.excellentRatio * 1000) / 10)}%`
      : "—";

  const facts: string[] = [`本单位${year}年度参加年度考核${rows.length}人`];
  if (score?.score != null) {
    facts.push(
      `目标责任考核得分${formatCount(score.score)}分` +
        (score.rank != null ? `，在全县${ranked}个单位中排名第${score.rank}名` : ""),
    );
  }
  facts.push(`优秀等次比例${ratio}，优秀名额${quota === null ? "—" : `${quota}名`}`);
  facts.push(
    `确定为优秀等次${excellent.length}人，其中通过“绿色通道”直接定为优秀${green.length}人`,
  );
  if (quota === null) {
    warnings.push(
      `${unit} ${year}年度在「单位考核」中没有优秀名额，请先填写目标责任考核得分并运行计算`,
    );
  } else if (excellent.length > quota) {
    warnings.push(
      `${unit} ${year}年度优秀等次${excellent.length}人，超过优秀名额${quota}名，请核实`,
    );
  }

  for (const r of green) {
    if (!r.basis)
      warnings.push(`${unit} ${nameOfRow(record, r)}（考核第${r.row}行）的绿色通道缺少依据`);
  }
  const data = {
    ...filingData(record, request, EXCELLENT_TYPE),
    考核情况: facts.join("，"),
    优秀人数: String(excellent.length),
    绿色通道人数: String(green.length),
    优秀: excellent.map((r, i) => ({
      序号: String(i + 1),
      姓名: nameOfRow(record, r),
      人员类别: category(r.personId),
      确定方式: r.conditions.length > 0 ? "绿色通道" : "按比例评定",
    })),
    有绿色通道: green.length > 0,
    绿色通道: green.map((r, i) => ({
      序号: String(i + 1),
      姓名: nameOfRow(record, r),
      绿色通道条件: r.conditions.join("、"),
      依据: r.basis || "未填写依据",
    })),
  };
  return builtFiling(EXCELLENT_TYPE, request, EXCELLENT_SKELETON(), data, warnings);
}
