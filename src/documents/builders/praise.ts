/**
 * 通报表扬 (魏字〔2021〕30号 §三: "对落实好的单位进行通报表扬"). County-wide, for year Y: the
 * units that finished every item of Y on time. Which units qualify is decided by the publish
 * workflow from the deadline scan; this builder only writes the notice. A circulated notice:
 * units and items only — no person, no amount, no health data.
 */
import { lazy } from "../../records/parse";
import type { Day } from "../../rules/dates";
import { type DeadlineKind, KIND_LABELS } from "../../rules/deadlines";
import type { Params } from "../../records/parse";
import type { DocumentModel } from "../model";
import { TITLE_MAX_CHARS } from "../layout";
import { breakTitle } from "../titles";
import { type BuiltDocument, POLICY_CITATION, builtNotice, noticeSkeleton, para } from "./common";

export const PRAISE_TYPE = "通报表扬" as const;

/** The items a notice judges a unit on (§二.4 and §二.5), in the order they are named. */
export const NOTICE_KINDS: readonly DeadlineKind[] = [
  "leave-plan",
  "health-plan",
  "health-report",
  "leave-pay",
];

export interface PraisedUnit {
  unit: string;
  /** The items of the year the unit had, all finished on time. */
  kinds: DeadlineKind[];
}

export interface PraiseRequest {
  params: Params;
  year: number;
  /** 成文日期. */
  date: Day;
  units: PraisedUnit[];
}

function itemLabel(kind: DeadlineKind): string {
  return kind === "leave-pay" ? "未休年休假报酬支付" : KIND_LABELS[kind];
}

/** The title, broken by words (梯形): 关于对{年度}年度干部关怀激励 / 措施落实较好单位的通报表扬. */
export const PRAISE_SKELETON = lazy((): DocumentModel =>
  noticeSkeleton(
    breakTitle("关于对2026年度干部关怀激励措施落实较好单位的通报表扬", TITLE_MAX_CHARS).replace(
      "2026",
      "{年度}",
    ),
    [
      para(
        `为深入贯彻落实${POLICY_CITATION}精神，县委组织部对各单位{年度}年度干部关怀激励措施落实情况进行了检查。` +
          "经查，{单位数}个单位按时完成了年休假计划备案、干部健康体检方案和体检情况备案、" +
          "未休年休假报酬支付等各项工作，制度落实到位。为树立典型、激励先进，现对以下单位予以通报表扬：",
      ),
      {
        kind: "table",
        header: ["序号", "单位", "按时完成事项"],
        columnWidths: [0.7, 2.6, 4.5],
        rows: [["{#表扬单位}{序号}", "{单位}", "{按时完成事项}{/表扬单位}"]],
      },
      para(
        "希望受到表扬的单位珍惜荣誉、再接再厉。各单位要以受表扬单位为榜样，严格落实干部带薪年休假、" +
          "健康体检、奖励激励等各项制度，切实让全县干部体会到县委的关心、关爱、关怀。",
      ),
    ],
  ),
);

export function buildPraiseNotice(request: PraiseRequest): BuiltDocument | null {
  const { params, year, date, units } = request;
  if (units.length === 0) return null;
  return builtNotice(PRAISE_TYPE, params, year, date, PRAISE_SKELETON(), {
    年度: String(year),
    单位数: String(units.length),
    表扬单位: units.map((u, i) => ({
      序号: String(i + 1),
      单位: u.unit,
      按时完成事项: NOTICE_KINDS.filter((k) => u.kinds.includes(k))
        .map(itemLabel)
        .join("、"),
    })),
  });
}
