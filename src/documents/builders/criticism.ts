/**
 * 通报批评 (魏字〔2021〕30号 §三: "对未按规定落实相关制度…进行全县通报批评"). County-wide on a
 * given date: the units with items still overdue, each item named with its deadline and how
 * many days late. The unpaid extra leave pay is counted per unit and year (how many people),
 * never naming a person or an amount: a circulated notice carries no personal data.
 */
import { lazy } from "../../records/parse";
import { type Day, chineseDate, yearOf } from "../../rules/dates";
import { type DeadlineKind, KIND_LABELS } from "../../rules/deadlines";
import type { Params } from "../../records/parse";
import { headingLabel } from "../numbering";
import type { DocumentModel } from "../model";
import { TITLE_MAX_CHARS } from "../layout";
import { breakTitle } from "../titles";
import { type BuiltDocument, POLICY_CITATION, builtNotice, noticeSkeleton, para } from "./common";
import { NOTICE_KINDS } from "./praise";

export const CRITICISM_TYPE = "通报批评" as const;

/** An overdue item as the deadline scan reports it (structurally a DeadlineItem). */
export interface OverdueItem {
  item: DeadlineKind;
  year: number;
  unit: string;
  personId: string | null;
  due: Day;
  status: string;
  daysLeft: number;
}

export interface CriticismRequest {
  params: Params;
  /** 成文日期 and the day the items are judged on. */
  date: Day;
  /** Scan items on `date`; only overdue items of the notice kinds are used. */
  items: readonly OverdueItem[];
  /** Days given to put things right (限期整改); default 15. */
  fixDays?: number;
}

interface Entry {
  unit: string;
  kind: DeadlineKind;
  year: number;
  due: Day;
  daysLate: number;
  people: number;
}

/** Overdue entries, one per (unit, kind, year): the people of a leave-pay item counted. */
export function overdueEntries(items: readonly OverdueItem[]): Entry[] {
  const byKey = new Map<string, Entry>();
  for (const it of items) {
    if (it.status !== "overdue" || !NOTICE_KINDS.includes(it.item) || !it.unit) continue;
    const key = `${it.unit}\u0000${it.item}\u0000${it.year}`;
    const entry = byKey.get(key);
    const late = -it.daysLeft;
    if (entry) {
      entry.people += it.personId ? 1 : 0;
      if (late > entry.daysLate) {
        entry.daysLate = late;
        entry.due = it.due;
      }
    } else {
      byKey.set(key, {
        unit: it.unit,
        kind: it.item,
        year: it.year,
        due: it.due,
        daysLate: late,
        people: it.personId ? 1 : 0,
      });
    }
  }
  return [...byKey.values()];
}

function entryLabel(e: Entry): string {
  if (e.kind === "leave-pay") return `${e.year}年度未休年休假报酬另行支付（${e.people}人）`;
  return `${e.year}年度${KIND_LABELS[e.kind]}`;
}

/** The title, broken by words (梯形): 关于对干部关怀激励措施 / 落实不到位单位的通报批评. */
export const CRITICISM_SKELETON = lazy((): DocumentModel =>
  noticeSkeleton(breakTitle("关于对干部关怀激励措施落实不到位单位的通报批评", TITLE_MAX_CHARS), [
    para(
      `为深入贯彻落实${POLICY_CITATION}精神，县委组织部对各单位年休假计划备案、未休年休假报酬支付、` +
        "干部健康体检备案等工作落实情况进行了督导检查。截至{检查日期}，" +
        "仍有{单位数}个单位{事项数}项工作逾期未完成，现予以通报批评。",
    ),
    { kind: "heading", level: 1, text: `${headingLabel(1, 1)}逾期未完成事项` },
    {
      kind: "table",
      header: ["序号", "单位", "逾期事项", "截止日期", "逾期天数"],
      columnWidths: [0.7, 2, 2.8, 2.3, 1.1],
      rows: [["{#逾期清单}{序号}", "{单位}", "{逾期事项}", "{截止日期}", "{逾期天数}{/逾期清单}"]],
    },
    { kind: "heading", level: 1, text: `${headingLabel(1, 2)}有关要求` },
    { kind: "heading", level: 2, text: `${headingLabel(2, 1)}限期整改。` },
    para("被通报单位要认真查找原因，于{整改期限}前完成整改，并将整改情况书面报县委组织部。"),
    { kind: "heading", level: 2, text: `${headingLabel(2, 2)}压实责任。` },
    para(
      "各单位主要负责人要切实履行第一责任人职责，把干部关怀激励各项措施落到实处。对未按规定落实相关制度，" +
        "或在工作中弄虚作假、虚报瞒报的，一经查实，严格按照《中国共产党组织处理规定（试行）》进行组织处理。",
    ),
  ]),
);

export function buildCriticismNotice(request: CriticismRequest): BuiltDocument | null {
  const { params, date } = request;
  const entries = overdueEntries(request.items);
  if (entries.length === 0) return null;
  // Units in order of their longest delay, then name; items by deadline within a unit.
  const units = new Map<string, Entry[]>();
  for (const e of entries) units.set(e.unit, [...(units.get(e.unit) ?? []), e]);
  const order = [...units.entries()]
    .map(([unit, list]) => ({
      unit,
      list: list.sort(
        (a, b) => a.due - b.due || NOTICE_KINDS.indexOf(a.kind) - NOTICE_KINDS.indexOf(b.kind),
      ),
      worst: Math.max(...list.map((e) => e.daysLate)),
    }))
    .sort((a, b) => b.worst - a.worst || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  const rows: Record<string, string>[] = [];
  for (const u of order) {
    for (const e of u.list) {
      rows.push({
        序号: String(rows.length + 1),
        单位: u.unit,
        逾期事项: entryLabel(e),
        截止日期: chineseDate(e.due),
        逾期天数: String(e.daysLate),
      });
    }
  }
  const fixBy = date + (request.fixDays ?? 15);
  return builtNotice(CRITICISM_TYPE, params, yearOf(date), date, CRITICISM_SKELETON(), {
    检查日期: chineseDate(date),
    单位数: String(order.length),
    事项数: String(rows.length),
    逾期清单: rows,
    整改期限: chineseDate(fixBy),
  });
}
