/**
 * Measures rendered documents against GB/T 9704-2012, in millimetres on the page as
 * pdftotext -bbox-layout and pdftocairo give them (./pdfLayout). Used by the rendering test,
 * which asserts on the figures, and by scripts/measure-docs.ts, which prints them.
 *
 * Where the characters are: poppler boxes a line from 0.95 em above its baseline to 0.35 em below
 * (its default ascent and descent: the box is 1.3 × the type size, which the test checks), and
 * a CJK face sets its ideographs on an em square from 0.88 em above the baseline to 0.12 em
 * below (the ideographic em box of Noto CJK and the AR PL faces). The top and bottom of the
 * characters are those of that square, and a 一字线 (U+2014) lies on its middle.
 */
import { chineseDate } from "../../src/rules/dates";
import { type DocumentModel, attachmentLines } from "../../src/documents/model";
import { TITLE_WORDS } from "../../src/documents/titles";
import { APPROVAL_STEPS } from "../../src/documents/builders/awards";
import {
  GRID_LINE_PT,
  MARGIN_MM,
  PAGE_MM,
  TEXT_WIDTH_MM,
  CHARS_PER_LINE,
} from "../../src/documents/layout";
import { PT_TO_MM, type PdfPage, type TextLine } from "./pdfLayout";

export const BOX = {
  top: MARGIN_MM.top,
  bottom: PAGE_MM.height - MARGIN_MM.bottom,
  left: MARGIN_MM.left,
  right: PAGE_MM.width - MARGIN_MM.right,
} as const;
export const PITCH_MM = GRID_LINE_PT * PT_TO_MM;
/** One character cell of the grid: the 版心 width over 28. */
export const CHAR_MM = TEXT_WIDTH_MM / CHARS_PER_LINE;

const PAGE_NUMBER = /^—\d+—$/;
const DATE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
/** The type size of a line, mm, from its box (1.3 em). */
export const sizeOf = (l: TextLine): number => (l.y1 - l.y0) / 1.3;
const baseline = (l: TextLine): number => l.y0 + 0.95 * sizeOf(l);
/** Top, bottom and middle of the characters' em square. */
export const emTop = (l: TextLine): number => baseline(l) - 0.88 * sizeOf(l);
export const emBottom = (l: TextLine): number => baseline(l) + 0.12 * sizeOf(l);
const emMiddle = (l: TextLine): number => baseline(l) - 0.38 * sizeOf(l);
/** 3号 (16 pt = 5.64 mm) text. */
export const isBody = (l: TextLine): boolean => Math.abs(sizeOf(l) - 16 * PT_TO_MM) < 0.3;

export interface DocumentFigures {
  pages: number;
  /** 发文机关标志's top below the 版心 top (§7.2.4: 35 mm), or null without one. */
  issuerTopMm: number | null;
  /** Each page number's 一字线 (its middle) below the 版心 bottom (§7.5: 7 mm). */
  pageNumberGapMm: number[];
  /** Each page number's distance from its side of the 版心 (§7.5: 一字, 4号 = 4.9 mm). */
  pageNumberSideMm: number[];
  /** 成文日期's first character right of the 署名's first, in characters (§7.3.5.2: 2). */
  dateShiftChars: number | null;
  /** 署名 (or date, when longer) right indent in characters (§7.3.5.2: 2). */
  closingRightChars: number | null;
  /** 版记's last rule below (+) or above (−) the 版心 bottom on the last page (§7.4: 0). */
  noteRuleOffsetMm: number | null;
  /** The 印发 line's characters' bottom below (+) or above (−) the 版心 bottom. */
  noteTextOffsetMm: number | null;
  /** First line's characters' top − 版心 top, on pages after the first that start with body text. */
  firstLineTopMm: number[];
  /** 版心 bottom − last line's characters' bottom, on pages of body text whose last paragraph runs on. */
  lastLineBottomMm: number[];
  /** Characters of each full body line (justified across the 版心). */
  fullLineChars: number[];
  /** Characters of each full first line of a paragraph (indented two characters: 26). */
  indentedLineChars: number[];
  /** Body lines of pages filled with body text from top to bottom. */
  fullPageLines: number[];
  /** Pages whose only text (page number aside) is the 署名 and the date. */
  closingOnlyPages: number;
  /** Pages with no text but the page number. */
  blankPages: number;
  /** Title lines that end inside a word of TITLE_WORDS (as rendered: 2号 lines of page 1). */
  titleBreaksInWords: string[];
  /** The title's lines as rendered, and as the model breaks them. */
  titleLines: { rendered: number; model: number };
  /**
   * Header cells and the 合计 cell of the tables with a 合计 row that no rendered line holds
   * whole (合/计 on two lines).
   */
  splitTableLabels: string[];
  /** The page (1-based) of each approval row of a 审批表 (单位意见, 组织人事部门意见, 财政部门意见). */
  approvalPages: number[];
  /** How often the approval table's header (审批环节) is printed. */
  approvalHeaders: number;
  /** The widest gap between two characters of the 成文日期 (2026年12月1 日), mm. */
  dateGapMm: number | null;
  /**
   * How unevenly the 成文日期's figures stand among its characters: the widest minus the
   * narrowest gap where figures and characters meet (2026|年|12|月|1|日), mm; 0 when even.
   */
  dateUnevenMm: number | null;
  /** The widest gap between two characters of the 发文字号 (魏组〔2026〕1 号), mm. */
  numberGapMm: number | null;
}

/** The gaps where figures and other characters meet in a line (0 inside one word), mm. */
export function figureGaps(line: TextLine): number[] {
  const chars = line.words.flatMap((w, k) => [...w.text].map((ch) => ({ ch, k })));
  const gaps: number[] = [];
  for (let i = 1; i < chars.length; i++) {
    const [a, b] = [chars[i - 1], chars[i]];
    if (/\d/.test(a.ch) === /\d/.test(b.ch)) continue;
    gaps.push(a.k === b.k ? 0 : line.words[b.k].x0 - line.words[a.k].x1);
  }
  return gaps;
}

/** The widest space between two words pdftotext splits a line into (0 for one word), mm. */
export function widestGap(line: TextLine): number {
  let gap = 0;
  for (let k = 1; k < line.words.length; k++) {
    gap = Math.max(gap, line.words[k].x0 - line.words[k - 1].x1);
  }
  return gap;
}

export function measureDocument(model: DocumentModel, pages: PdfPage[]): DocumentFigures {
  const f: DocumentFigures = {
    pages: pages.length,
    issuerTopMm: null,
    pageNumberGapMm: [],
    pageNumberSideMm: [],
    dateShiftChars: null,
    closingRightChars: null,
    noteRuleOffsetMm: null,
    noteTextOffsetMm: null,
    firstLineTopMm: [],
    lastLineBottomMm: [],
    fullLineChars: [],
    indentedLineChars: [],
    fullPageLines: [],
    closingOnlyPages: 0,
    blankPages: 0,
    titleBreaksInWords: [],
    titleLines: { rendered: 0, model: model.title.split("\n").length },
    splitTableLabels: [],
    approvalPages: [],
    approvalHeaders: 0,
    dateGapMm: null,
    dateUnevenMm: null,
    numberGapMm: null,
  };
  const words = (pg: PdfPage): string[] => pg.lines.flatMap((l) => l.words.map((w) => w.text));
  const labels = model.blocks.flatMap((b) =>
    b.kind === "table" && b.totalRow ? [...b.header, b.totalRow[0]] : [],
  );
  const rendered = new Set(pages.flatMap(words));
  f.splitTableLabels = [...new Set(labels)].filter((t) => t !== "" && !rendered.has(t));
  for (const step of APPROVAL_STEPS) {
    const at = pages.findIndex((pg) => words(pg).includes(step));
    if (at >= 0) f.approvalPages.push(at + 1);
  }
  f.approvalHeaders = pages.flatMap(words).filter((w) => w === "审批环节").length;
  const lineOf = (text: string | null): TextLine | undefined =>
    text ? pages.flatMap((pg) => pg.lines).find((l) => l.text === text) : undefined;
  const dateLine = lineOf(chineseDate(model.date));
  if (dateLine) {
    f.dateGapMm = widestGap(dateLine);
    const gaps = figureGaps(dateLine);
    if (gaps.length > 0) f.dateUnevenMm = Math.max(...gaps) - Math.min(...gaps);
  }
  const numberLine = lineOf(model.number);
  if (numberLine) f.numberGapMm = widestGap(numberLine);
  const issuer = model.issuer;
  if (issuer) {
    const l = pages[0]?.lines.find((x) => x.text === issuer);
    if (l) f.issuerTopMm = emTop(l) - BOX.top;
  }
  const dateText = chineseDate(model.date);
  // Texts a paragraph starts with: a page starting with one of them does not go on with the
  // paragraph of the page before.
  const starts = [
    ...model.blocks.flatMap((b) => (b.kind === "table" ? [] : [b.text])),
    model.recipients ?? "",
    ...attachmentLines(model.attachments),
    model.signature,
    dateText,
  ]
    .map((t) => t.replace(/[\s\u3000\u2002]/g, ""))
    .filter((t) => t !== "");
  const startsParagraph = (l: TextLine): boolean => {
    const t = l.text.replace(/[\s\u3000\u2002]/g, "");
    return t !== "" && starts.some((x) => x.startsWith(t) || t.startsWith(x));
  };
  pages.forEach((page, p) => {
    const numbers = page.lines.filter((l) => PAGE_NUMBER.test(l.text) && l.y0 > BOX.bottom);
    for (const n of numbers) {
      f.pageNumberGapMm.push(emMiddle(n) - BOX.bottom);
      f.pageNumberSideMm.push((p + 1) % 2 === 1 ? BOX.right - n.x1 : n.x0 - BOX.left);
    }
    const text = page.lines.filter((l) => !numbers.includes(l));
    if (text.length === 0) f.blankPages++;
    if (text.length > 0 && text.length <= 2 && text.some((l) => DATE.test(l.text))) {
      f.closingOnlyPages++;
    }
    const body = text.filter(isBody);
    // Full lines: 3号 CJK text from edge to edge, whose next line is not Latin or a closing
    // mark LibreOffice moved down (禁则); a hung final stop (标点悬挂) is not one of the 28.
    body.forEach((l, k) => {
      const cjk = /^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+$/.test(l.text);
      const next = body[k + 1]?.text ?? "";
      // ...or one that starts with an opening mark, which cannot end a line (禁则).
      const latinNext =
        /^[（(《“]?[0-9A-Za-z%]/.test(next) ||
        /^.[）》」』”’、，。；：！？]/.test(next) ||
        /^[“（《〔「『‘]/.test(next);
      if (!cjk || latinNext || l.x1 < BOX.right - 1) return;
      const hung = /[，。、；：！？）》」』”’]$/.test(l.text) && l.x1 > BOX.right + 0.3 ? 1 : 0;
      const chars = [...l.text].length - hung;
      if (Math.abs(l.x0 - BOX.left) < 1) f.fullLineChars.push(chars);
      else if (Math.abs(l.x0 - (BOX.left + 2 * CHAR_MM)) < 1) f.indentedLineChars.push(chars);
      else if (l.x0 > BOX.left + 2 * CHAR_MM + 1 && l.x0 < BOX.left + 4 * CHAR_MM) {
        // A first line indented more than two characters: its count says by how much.
        f.indentedLineChars.push(chars);
      }
    });
    const last = p === pages.length - 1;
    const nextFirst = pages[p + 1]?.lines.find((l) => !PAGE_NUMBER.test(l.text));
    if (p > 0 && body.length > 0 && body[0] === text[0]) {
      f.firstLineTopMm.push(emTop(body[0]) - BOX.top);
    }
    // The page's last line is body text and the next page goes on with the same paragraph
    // (its first line starts at the left edge, not indented): the page is full.
    const tail = text[text.length - 1];
    // Only pages of body text: after a table (rows off the grid) LibreOffice may leave the
    // last grid lines of a page empty.
    if (
      !last &&
      tail &&
      text.every(isBody) &&
      isBody(tail) &&
      nextFirst &&
      isBody(nextFirst) &&
      Math.abs(nextFirst.x0 - BOX.left) < 1 &&
      !startsParagraph(nextFirst)
    ) {
      f.lastLineBottomMm.push(BOX.bottom - emBottom(tail));
      if (p > 0) f.fullPageLines.push(text.length);
    }
  });
  const lastPage = pages[pages.length - 1];
  if (model.printedBy !== null && lastPage) {
    // The 版记 rules: 0.35 mm and 0.25 mm across the 版心 (table borders are 0.18 mm).
    const wide = lastPage.rules.filter((r) => r.x1 - r.x0 > TEXT_WIDTH_MM - 2 && r.width > 0.22);
    if (wide.length > 0) {
      const lowest = Math.max(...wide.map((r) => r.y + r.width / 2));
      f.noteRuleOffsetMm = lowest - BOX.bottom;
    }
    const printed = lastPage.lines.filter((l) => l.text.endsWith("印发"));
    if (printed.length > 0) f.noteTextOffsetMm = emBottom(printed[printed.length - 1]) - BOX.bottom;
  }
  if (model.signature) {
    const all = pages.flatMap((pg) => pg.lines);
    const d = all.findIndex((l) => l.text === dateText && DATE.test(l.text));
    const sig = d > 0 ? all[d - 1] : undefined;
    if (sig && d >= 0 && sig.text === model.signature) {
      const date = all[d];
      f.dateShiftChars = (date.x0 - sig.x0) / CHAR_MM;
      f.closingRightChars = (BOX.right - Math.max(sig.x1, date.x1)) / CHAR_MM;
    }
  }
  const title = (pages[0]?.lines ?? []).filter((l) => Math.abs(sizeOf(l) - 22 * PT_TO_MM) < 0.3);
  f.titleLines.rendered = title.length;
  const lines = title.map((l) => l.text);
  for (let k = 0; k < lines.length - 1; k++) {
    const joint = lines[k] + lines[k + 1];
    for (const w of TITLE_WORDS) {
      for (let at = joint.indexOf(w); at >= 0; at = joint.indexOf(w, at + 1)) {
        if (at < lines[k].length && at + w.length > lines[k].length) {
          f.titleBreaksInWords.push(`${lines[k]}/${lines[k + 1]}`);
        }
      }
    }
  }
  return f;
}
