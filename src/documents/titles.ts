/**
 * Title line breaks (GB/T 9704-2012 §7.3.2: 标题回行时，要做到词意完整，排列对称，长短适宜，
 * 采用梯形或菱形布局). Pure: the same breaks for the .docx and the Google Doc.
 *
 * Break points are word boundaries: those of Intl.Segmenter (granularity "word", zh) where the
 * runtime has it, never inside a protected word (the domain words below, and names the caller
 * passes, such as the unit's), and never before a closing or after an opening bracket. Among
 * the admissible breaks, the one whose lines are most nearly equal wins, so two lines make a
 * trapezoid (梯形) and three a diamond (菱形: the middle line longest).
 */
import { textWidthChars } from "./layout";

/** Words a title line may not end inside. */
export const TITLE_WORDS: readonly string[] = [
  "备案表",
  "审批表",
  "名单",
  "情况",
  "年度",
  "单位",
  "干部",
  "关怀",
  "激励",
  "措施",
  "落实",
  "不到位",
  "较好",
  "通报表扬",
  "通报批评",
  "年休假",
  "休假",
  "计划",
  "执行",
  "未休",
  "报酬",
  "体检",
  "方案",
  "奖金",
  "发放",
  "考核",
  "优秀",
  "等次",
];

/** Characters a line may not start with (closing punctuation) or end with (opening). */
const NO_START = /^[、，。；：！？）》〕」』”’]/;
const NO_END = /[（《〔「『“‘]$/;

type Segmenter = { segment(text: string): Iterable<{ index: number }> };

let segmenter: Segmenter | null | undefined;

function segmenterBoundaries(text: string): Set<number> | null {
  if (segmenter === undefined) {
    const intl = Intl as unknown as {
      Segmenter?: new (locale: string, options: { granularity: "word" }) => Segmenter;
    };
    segmenter =
      typeof intl.Segmenter === "function"
        ? new intl.Segmenter("zh", { granularity: "word" })
        : null;
  }
  if (segmenter === null) return null;
  const out = new Set<number>();
  for (const s of segmenter.segment(text)) {
    out.add(s.index);
  }
  return out;
}

/** Character offsets (UTF-16) where the title may break. */
export function titleBreakPoints(text: string, protectedWords: readonly string[] = []): number[] {
  const blocked = new Set<number>();
  for (const word of [...TITLE_WORDS, ...protectedWords]) {
    if (word.length < 2) continue;
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      for (let i = at + 1; i < at + word.length; i++) blocked.add(i);
    }
  }
  // Digits and Latin letters stay together (2026), and a year with its 年 (2026年度).
  for (let i = 1; i < text.length; i++) {
    if (/[0-9A-Za-z]/.test(text[i - 1]) && /[0-9A-Za-z年]/.test(text[i])) blocked.add(i);
  }
  const words = segmenterBoundaries(text);
  const out: number[] = [];
  for (let i = 1; i < text.length; i++) {
    if (blocked.has(i)) continue;
    if (words && !words.has(i)) continue;
    if (NO_START.test(text.slice(i)) || NO_END.test(text.slice(0, i))) continue;
    out.push(i);
  }
  return out;
}

/**
 * The title with "\n" where its lines break: one line when it fits `maxChars` (characters of
 * the title's size per line) with half a character to spare, else two (梯形) or three (菱形) lines as even as the word
 * boundaries allow. Existing "\n" are kept as they are.
 */
export function breakTitle(
  text: string,
  maxChars: number,
  protectedWords: readonly string[] = [],
): string {
  // Half a character to spare: a line that fills the 版心 exactly wraps where the title font's
  // digits are wider than half an em (LibreOffice without 方正小标宋简体).
  maxChars -= 0.5;
  if (text.includes("\n") || textWidthChars(text) <= maxChars) return text;
  const points = titleBreakPoints(text, protectedWords);
  const width = (a: number, b: number): number => textWidthChars(text.slice(a, b));
  const n = text.length;
  let best: { cost: number; cuts: number[] } | null = null;
  for (const a of points) {
    const w1 = width(0, a);
    const w2 = width(a, n);
    if (w1 <= maxChars && w2 <= maxChars) {
      const cost = Math.abs(w1 - w2);
      if (!best || best.cuts.length > 1 || cost < best.cost) best = { cost, cuts: [a] };
    }
  }
  if (!best) {
    for (const a of points) {
      for (const b of points) {
        if (b <= a) continue;
        const ws = [width(0, a), width(a, b), width(b, n)];
        if (ws.some((w) => w > maxChars)) continue;
        // 菱形: the middle line the longest; otherwise as even as possible.
        const cost = Math.max(...ws) - Math.min(...ws) + (ws[1] >= ws[0] && ws[1] >= ws[2] ? 0 : 2);
        if (!best || cost < best.cost) best = { cost, cuts: [a, b] };
      }
    }
  }
  if (!best) return text; // no admissible break: the renderer wraps it
  const lines: string[] = [];
  let from = 0;
  for (const cut of best.cuts) {
    lines.push(text.slice(from, cut));
    from = cut;
  }
  lines.push(text.slice(from));
  return lines.join("\n");
}
