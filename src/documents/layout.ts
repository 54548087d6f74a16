/**
 * GB/T 9704-2012 (党政机关公文格式) as constants and small pure helpers, shared by the .docx
 * renderer (src/local/docx.ts) and the Google Docs renderer (src/gas/docs.ts).
 *
 * Units: millimetres for the page, points (pt) for type; Word measures in twips (1/20 pt)
 * and half-points (font sizes) and eighths of a point (borders); Google Docs in points.
 */

export const MM_PER_INCH = 25.4;
export const PT_PER_INCH = 72;
export const TWIPS_PER_PT = 20;

export const mmToPt = (mm: number): number => (mm * PT_PER_INCH) / MM_PER_INCH;
export const mmToTwips = (mm: number): number => Math.round(mmToPt(mm) * TWIPS_PER_PT);
export const ptToTwips = (pt: number): number => Math.round(pt * TWIPS_PER_PT);
/** Word font sizes (w:sz) are half-points. */
export const ptToHalfPoints = (pt: number): number => Math.round(pt * 2);
/** Word border widths (w:sz) are eighths of a point. */
export const mmToEighthPoints = (mm: number): number => Math.round(mmToPt(mm) * 8);

/** A4 portrait. */
export const PAGE_MM = { width: 210, height: 297 } as const;
/** 天头 37 mm, 订口 (left) 28 mm; the 版心 is 156 mm × 225 mm. */
export const MARGIN_MM = { top: 37, bottom: 35, left: 28, right: 26 } as const;
export const TEXT_WIDTH_MM = PAGE_MM.width - MARGIN_MM.left - MARGIN_MM.right; // 156
export const TEXT_HEIGHT_MM = PAGE_MM.height - MARGIN_MM.top - MARGIN_MM.bottom; // 225
export const TEXT_WIDTH_PT = mmToPt(TEXT_WIDTH_MM);

/** Chinese type sizes (字号) in points. */
export const SIZE_PT = {
  chu: 42, // 初号
  xiaochu: 36, // 小初
  er: 22, // 2号
  san: 16, // 3号
  si: 14, // 4号
  xiaosi: 12, // 小4
  wu: 10.5, // 5号
} as const;

export interface FontSpec {
  /** The font GB/T 9704 names. */
  name: string;
  /** What to use where it is not installed. */
  fallback: string;
  bold?: boolean;
}

/** Latin letters and digits in every role. */
export const LATIN_FONT = "Times New Roman";

export const FONTS = {
  issuer: { name: "方正小标宋简体", fallback: "宋体" },
  title: { name: "方正小标宋简体", fallback: "宋体" },
  body: { name: "仿宋_GB2312", fallback: "仿宋" },
  heading1: { name: "黑体", fallback: "黑体" },
  heading2: { name: "楷体_GB2312", fallback: "楷体" },
  tableHeader: { name: "黑体", fallback: "黑体" },
  pageNumber: { name: "宋体", fallback: "宋体" },
} satisfies Record<string, FontSpec>;

/** Body text: 3号 (16 pt); fixed line spacing 28 pt gives 22 lines × 28 characters a page. */
export const BODY_PT = SIZE_PT.san;
export const LINE_PT = 28;
/** Title: 2号 (22 pt), centred; lines of a multi-line title keep the fixed 28 pt pitch... */
export const TITLE_PT = SIZE_PT.er;
/** ...plus this much, so a two-line title does not look cramped. */
export const TITLE_LINE_PT = 35;
/** Characters of 2号 title per line of the 版心 (20): where a title must break (./titles). */
export const TITLE_MAX_CHARS = Math.floor(TEXT_WIDTH_PT / TITLE_PT);

/**
 * The document grid (w:docGrid linesAndChars) of GB/T 9704 §5.2.1: 22 lines of 28 characters
 * that fill the 156 × 225 mm 版心. Character pitch 16 pt + charSpace/4096 pt = 15.79 pt (28 ×
 * 15.79 = 442.2 of 442.25 pt); LibreOffice gives a 16 pt glyph two cells of a grid narrower
 * than the glyph, so body runs are scaled to 98 % width (15.68 pt), which fits one cell.
 * Line pitch: the first line's characters start at the 版心 top and the last line's end at its
 * bottom, so 21 pitches and one 16 pt character span 225 mm: (225 mm − 16 pt) / 21 = 29.6 pt
 * (592 twips). The grid's 22 lines then take 229.7 mm, and the page margins of the .docx
 * (PAGE_MARGIN_MM) put them around the 版心: LibreOffice sets a 3号 line's characters a little
 * (GRID_TEXT_DROP_MM, measured) below the middle of its grid line.
 */
export const GRID = { linePitchTwips: 592, charSpace: -842, glyphScalePercent: 98 } as const;
export const GRID_LINE_PT = GRID.linePitchTwips / TWIPS_PER_PT;
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
/** One character cell of the grid, pt. */
export const CELL_PT = BODY_PT + GRID.charSpace / 4096;
export const GRID_TEXT_DROP_MM = 0.4;
/** The grid line's top above the first line's characters (the 版心 top), mm. */
const GRID_LEAD_MM = (mmFromPt(GRID_LINE_PT) - mmFromPt(BODY_PT)) / 2 + GRID_TEXT_DROP_MM;
/**
 * The margins of the .docx page: left and right those of the 版心; top and bottom where the 22
 * grid lines begin and end (34.2 mm and 33.1 mm): the 版心 itself (MARGIN_MM) is where the
 * characters are.
 */
export const PAGE_MARGIN_MM = {
  top: MARGIN_MM.top - GRID_LEAD_MM,
  bottom:
    PAGE_MM.height -
    (MARGIN_MM.top - GRID_LEAD_MM) -
    mmFromPt(LINES_PER_PAGE * GRID_LINE_PT) -
    // a few twips to spare, so that no renderer finds 22 lines a hair too tall
    0.1,
  left: MARGIN_MM.left,
  right: MARGIN_MM.right,
} as const;
/** Where the 版心 top and bottom are below the top page margin of the .docx, mm. */
export const TEXT_TOP_IN_MARGIN_MM = MARGIN_MM.top - PAGE_MARGIN_MM.top;
export const TEXT_BOTTOM_IN_MARGIN_MM = TEXT_TOP_IN_MARGIN_MM + TEXT_HEIGHT_MM;

/**
 * n character cells of the grid in twips. LibreOffice takes a cell as whole twips (315 of the
 * 315.9) and starts a line's first character on the cell after its indent: 2 × 16 pt = 640
 * twips, or even 631, is three cells there, 630 two.
 */
export function cellsTwips(n: number): number {
  return n * Math.floor(CELL_PT * TWIPS_PER_PT);
}

/**
 * Width of a text in cells of the grid: a CJK or full-width character one cell, a run of
 * half-width letters and digits (Times New Roman, 98 %) half a cell each, rounded up to whole
 * cells (LibreOffice and Word start the next character on a cell), so 2026年12月1日 is 7.
 */
export function gridCells(text: string): number {
  let cells = 0;
  let half = 0;
  for (const ch of text) {
    if ((ch.codePointAt(0) ?? 0) < 0x2e80) half++;
    else {
      cells += Math.ceil(half / 2) + 1;
      half = 0;
    }
  }
  return cells + Math.ceil(half / 2);
}

/**
 * Width in characters of a line of body text set off the grid (the closing, see
 * src/local/docx.ts): textWidthChars, plus the space a renderer puts where figures or Latin
 * letters meet CJK characters (LibreOffice: a fifth of the type size; Word's autoSpace about
 * as much), so 2026年12月1日 is 6.5 + 5 × 0.2 = 7.5.
 */
export function offGridChars(text: string): number {
  const meets = text.match(/[0-9A-Za-z](?=[\u4e00-\u9fff])|[\u4e00-\u9fff](?=[0-9A-Za-z])/g);
  return textWidthChars(text) + 0.2 * (meets?.length ?? 0);
}

/** First-line indent: two characters of body text (Google Docs, no grid). */
export const INDENT_PT = 2 * BODY_PT;
/** ...and on the grid of the .docx: two cells (2 × 16 pt would be three in LibreOffice). */
export const GRID_INDENT_PT = (2 * Math.floor(CELL_PT * TWIPS_PER_PT)) / TWIPS_PER_PT;
/** 版记 (抄送, 印发) and page numbers: 4号 (14 pt). */
export const NOTE_PT = SIZE_PT.si;
export const PAGE_NUMBER_PT = SIZE_PT.si;

/** 发文机关标志 and 红色分隔线: red. */
export const RED = "FF0000";
export const BLACK = "000000";
/** The 发文机关标志 starts 35 mm below the top of the 版心. */
export const ISSUER_TOP_MM = 35;
/** The 红色分隔线 is 4 mm below the 发文字号 and as wide as the 版心. */
export const RED_RULE_GAP_MM = 4;
export const RED_RULE_MM = 0.5;
/** 版记 rules: first and last thick (0.35 mm), the ones between thin (0.25 mm). */
export const NOTE_RULE_THICK_MM = 0.35;
export const NOTE_RULE_THIN_MM = 0.25;
/** The page number's 一字线 sits 7 mm below the 版心. */
export const PAGE_NUMBER_GAP_MM = 7;
/**
 * Distance of the footer (page number line) from the bottom edge of the page: the 一字线, on
 * the middle of the 4号 characters, 7 mm below the 版心; LibreOffice sets the middle of a
 * footer line of 4号 at single spacing FOOTER_MIDDLE_ABOVE_MM above the footer's bottom edge
 * (measured in the PDF).
 */
export const FOOTER_MIDDLE_ABOVE_MM = 3.26;
export const FOOTER_FROM_EDGE_MM = MARGIN_MM.bottom - PAGE_NUMBER_GAP_MM - FOOTER_MIDDLE_ABOVE_MM;
/** 单页码居右空一字，双页码居左空一字. */
export const PAGE_NUMBER_INDENT_PT = PAGE_NUMBER_PT;
/** The page number as printed around the number: "— 1 —" (一字线 U+2014). */
export const PAGE_NUMBER_DASH = "\u2014";
export function pageNumberText(n: number): string {
  return `${PAGE_NUMBER_DASH} ${n} ${PAGE_NUMBER_DASH}`;
}

function mmFromPt(pt: number): number {
  return (pt * MM_PER_INCH) / PT_PER_INCH;
}

/**
 * 发文机关标志 size: 初号 (42 pt) at most, smaller so that the whole name fits on one line of
 * the 版心 with a little air (GB/T 9704 asks for 醒目、美观、庄重 and never wider than the 版心).
 */
export function issuerSizePt(issuer: string): number {
  const width = textWidthChars(issuer);
  if (width === 0) return SIZE_PT.chu;
  const fit = Math.floor((TEXT_WIDTH_PT * 0.9) / width);
  return Math.max(12, Math.min(SIZE_PT.chu, fit));
}

/** Type size inside tables: 4号 for narrow tables, 小4 up to 7 columns, 5号 beyond. */
export function tableFontPt(columns: number): number {
  if (columns <= 4) return SIZE_PT.si;
  if (columns <= 7) return SIZE_PT.xiaosi;
  return SIZE_PT.wu;
}
/** Fixed line pitch of table text: 1.5 × the size, rounded to the half point. */
export function tableLinePt(fontPt: number): number {
  return Math.round(fontPt * 3) / 2;
}
/** Cell padding left and right. */
export const CELL_PADDING_MM = 1.5;
/** Table borders: single 0.5 pt lines (Word eighths: 4). */
export const TABLE_BORDER_PT = 0.5;

/**
 * Width of a text in characters of its own size: CJK and full-width forms count 1, ASCII
 * (half-width digits and letters) 0.5.
 */
export function textWidthChars(text: string): number {
  let w = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    w += code < 0x2e80 ? 0.5 : 1;
  }
  return w;
}

/**
 * Right indents, in characters, of the 发文机关署名 and the 成文日期 of a document without a
 * seal (GB/T 9704-2012 §7.3.5.2 不加盖印章的公文): the 署名 stands 右空二字 and the date starts two characters
 * to the right of the 署名's first character; when the date is longer than that allows, the
 * date stands 右空二字 and the 署名 moves left to keep the two-character offset.
 */
export function closingIndents(
  signature: string,
  dateText: string,
  width: (text: string) => number = textWidthChars,
): { signatureRight: number; dateRight: number } {
  const s = width(signature);
  const d = width(dateText);
  if (s === 0) return { signatureRight: 2, dateRight: 2 };
  const dateRight = s - d;
  if (dateRight >= 2) return { signatureRight: 2, dateRight };
  return { signatureRight: d + 4 - s, dateRight: 2 };
}
