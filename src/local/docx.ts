/**
 * Renders a DocumentModel to .docx with the `docx` package, laid out after GB/T 9704-2012
 * (constants in src/documents/layout.ts), and `DocxSink`, the local DocumentSink.
 */
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { writeFileAtomic } from "./files";
import { runWorkerPool } from "./workerPool";
import * as path from "node:path";
import JSZip from "jszip";
import {
  AlignmentType,
  BorderStyle,
  CarriageReturn,
  Document,
  DocumentGridType,
  Footer,
  FrameAnchorType,
  FrameWrap,
  HeightRule,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type IFrameOptions,
  type IParagraphStyleOptions,
  type IRunOptions,
} from "docx";
import { closingData } from "../documents/builders/common";
import { CLOSING_FIELDS } from "../documents/template";
import { DOCUMENT_TYPES, type DocumentType } from "../documents/builders";
import { TemplateSet, builtInTemplatesDir } from "./docxTemplate";
import type { DocumentSink } from "../workflows/ports";
import {
  attachmentLines,
  copyToLine,
  printedLine,
  type Alignment,
  type Block,
  type DocumentModel,
  type TableBlock,
} from "../documents/model";
import {
  BLACK,
  BODY_PT,
  CELL_PADDING_MM,
  FONTS,
  FOOTER_FROM_EDGE_MM,
  GRID,
  GRID_LINE_PT,
  GRID_INDENT_PT,
  ISSUER_TOP_MM,
  LATIN_FONT,
  LINE_PT,
  NOTE_PT,
  NOTE_RULE_THICK_MM,
  NOTE_RULE_THIN_MM,
  PAGE_MARGIN_MM,
  PAGE_MM,
  PAGE_NUMBER_DASH,
  PAGE_NUMBER_INDENT_PT,
  PAGE_NUMBER_PT,
  RED,
  RED_RULE_GAP_MM,
  RED_RULE_MM,
  TABLE_BORDER_PT,
  TEXT_BOTTOM_IN_MARGIN_MM,
  TEXT_TOP_IN_MARGIN_MM,
  TEXT_WIDTH_MM,
  TEXT_WIDTH_PT,
  TITLE_LINE_PT,
  TITLE_PT,
  issuerSizePt,
  mmToEighthPoints,
  mmToPt,
  mmToTwips,
  ptToHalfPoints,
  ptToTwips,
  tableFontPt,
  tableLinePt,
  textWidthChars,
  cellsTwips,
  gridCells,
  TWIPS_PER_PT,
  type FontSpec,
} from "../documents/layout";

type AlignmentValue = (typeof AlignmentType)[keyof typeof AlignmentType];

const ALIGN: Record<Alignment, AlignmentValue> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

/** East Asian text in the GB/T 9704 font; Latin letters and digits as `latin`. */
function runFont(font: FontSpec, latin: string = LATIN_FONT): IRunOptions["font"] {
  return { ascii: latin, hAnsi: latin, cs: latin, eastAsia: font.name, hint: "eastAsia" };
}

interface LineOptions {
  font: FontSpec;
  sizePt: number;
  /** Latin font; defaults to Times New Roman. */
  latin?: string;
  align?: Alignment;
  /** Exact line pitch in pt; default 28. */
  linePt?: number;
  beforePt?: number;
  afterPt?: number;
  firstLinePt?: number;
  hangingPt?: number;
  leftPt?: number;
  rightPt?: number;
  color?: string;
  bold?: boolean;
  keepNext?: boolean;
  border?: { top?: IBorderOptions; bottom?: IBorderOptions };
  rightTabPt?: number;
  /**
   * On the document grid (body text, 3号): single spacing snapped to the grid's 22 lines, the
   * glyphs scaled to fit the 28 characters. Otherwise (title, 版头, 版记) off the grid at
   * `linePt` exactly.
   */
  grid?: boolean;
  /**
   * Body text (grid) set off the grid's character cells, at the grid's line pitch exactly: a
   * line with figures in it (成文日期, 发文字号), where LibreOffice would round a run of an odd
   * number of digits up to whole cells and leave half a cell empty (2026年12月1 日).
   * Default: snapped when on the grid.
   */
  snap?: boolean;
  keepLines?: boolean;
  frame?: IFrameOptions;
}

function line(text: string, o: LineOptions): Paragraph {
  // A tab ("\t") is written as w:tab, so a right tab stop can push the rest to the margin.
  const parts = text.split("\t");
  const grid = o.grid ?? false;
  const snap = o.snap ?? grid;
  const children = [
    new TextRun({
      font: runFont(o.font, o.latin),
      size: ptToHalfPoints(o.sizePt),
      color: o.color ?? BLACK,
      bold: o.bold ?? false,
      language: { value: "en-US", eastAsia: "zh-CN" },
      ...(grid ? { scale: GRID.glyphScalePercent } : {}),
      ...(snap ? {} : { snapToGrid: false }),
      children: parts.flatMap((part, i) => [
        ...(i === 0 ? [] : [new Tab()]),
        ...part
          .split("\n")
          .flatMap((piece, j) => (j === 0 ? [piece] : [new CarriageReturn(), piece])),
      ]),
    }),
  ];
  return new Paragraph({
    children,
    alignment: ALIGN[o.align ?? "justify"],
    spacing: snap
      ? {
          line: 240,
          lineRule: LineRuleType.AUTO,
          before: ptToTwips(o.beforePt ?? 0),
          after: ptToTwips(o.afterPt ?? 0),
        }
      : {
          line: ptToTwips(o.linePt ?? (grid ? GRID_LINE_PT : LINE_PT)),
          lineRule: LineRuleType.EXACT,
          before: ptToTwips(o.beforePt ?? 0),
          after: ptToTwips(o.afterPt ?? 0),
        },
    indent: {
      left: ptToTwips(o.leftPt ?? 0),
      right: ptToTwips(o.rightPt ?? 0),
      ...(o.hangingPt ? { hanging: ptToTwips(o.hangingPt) } : {}),
      ...(o.firstLinePt ? { firstLine: ptToTwips(o.firstLinePt) } : {}),
    },
    keepNext: o.keepNext ?? false,
    ...(o.keepLines ? { keepLines: true } : {}),
    ...(o.frame ? { frame: o.frame } : {}),
    ...(o.border ? { border: o.border } : {}),
    ...(o.rightTabPt !== undefined
      ? { tabStops: [{ type: TabStopType.RIGHT, position: ptToTwips(o.rightTabPt) }] }
      : {}),
  });
}

const body = (text: string, extra: Partial<LineOptions> = {}): Paragraph =>
  line(text, { font: FONTS.body, sizePt: BODY_PT, grid: true, ...extra });

/** One blank line of the grid (空一行). */
const BLANK_LINE_PT = GRID_LINE_PT;

function headerParagraphs(doc: DocumentModel): Paragraph[] {
  const out: Paragraph[] = [];
  const redRule: IBorderOptions = {
    style: BorderStyle.SINGLE,
    color: RED,
    size: mmToEighthPoints(RED_RULE_MM),
    space: Math.round(mmToPt(RED_RULE_GAP_MM)),
  };
  if (doc.issuer) {
    const size = issuerSizePt(doc.issuer);
    out.push(
      line(doc.issuer, {
        font: FONTS.issuer,
        latin: FONTS.issuer.name,
        sizePt: size,
        linePt: Math.ceil(size * 1.25),
        align: "center",
        color: RED,
        // 35 mm below the 版心 top to the characters' top (§7.2.4), which sit in the middle of
        // the exact line.
        beforePt:
          mmToPt(ISSUER_TOP_MM + TEXT_TOP_IN_MARGIN_MM) - (Math.ceil(size * 1.25) - size) / 2,
        // Without a 发文字号 the red rule goes under the 发文机关标志 itself.
        ...(doc.number ? {} : { border: { bottom: redRule }, afterPt: BLANK_LINE_PT }),
      }),
    );
  }
  if (doc.number) {
    out.push(
      body(doc.number, {
        align: "center",
        // 发文机关标志下空二行
        beforePt: doc.issuer ? 2 * BLANK_LINE_PT : 0,
        ...(doc.issuer ? { border: { bottom: redRule } } : {}),
        // 魏组〔2026〕1号 without half a cell after the 1 (see LineOptions.snap).
        snap: false,
      }),
    );
  }
  out.push(
    line(doc.title, {
      font: FONTS.title,
      latin: FONTS.title.name,
      sizePt: TITLE_PT,
      linePt: TITLE_LINE_PT,
      align: "center",
      // 红色分隔线下空二行; 标题下空一行
      beforePt: doc.issuer ? 2 * BLANK_LINE_PT : 0,
      afterPt: BLANK_LINE_PT,
      keepNext: true,
    }),
  );
  if (doc.recipients) out.push(body(doc.recipients, { align: "justify" }));
  return out;
}

function blockParagraphs(
  block: Exclude<Block, TableBlock>,
  last = false,
  closing = false,
): Paragraph {
  if (block.kind === "paragraph") {
    const tabbed = block.text.includes("\t");
    return body(block.text, {
      align: tabbed ? "left" : (block.align ?? "justify"),
      firstLinePt: block.indent === false ? 0 : GRID_INDENT_PT,
      ...(tabbed ? { rightTabPt: TEXT_WIDTH_PT, snap: false } : {}),
      // The last paragraph goes with the signature: no page of 署名 and 日期 alone (§7.3.5).
      ...(last ? { keepNext: true, keepLines: true } : {}),
      // The closing's 成文日期 without a gap after a one-digit day (see LineOptions.snap).
      ...(closing ? { snap: false } : {}),
    });
  }
  const font = block.level === 1 ? FONTS.heading1 : block.level === 2 ? FONTS.heading2 : FONTS.body;
  return line(block.text, {
    font,
    sizePt: BODY_PT,
    firstLinePt: GRID_INDENT_PT,
    keepNext: true,
  });
}

function tableBorders(): Record<string, IBorderOptions> {
  const b: IBorderOptions = {
    style: BorderStyle.SINGLE,
    size: Math.round(TABLE_BORDER_PT * 8),
    color: BLACK,
  };
  return { top: b, bottom: b, left: b, right: b, insideHorizontal: b, insideVertical: b };
}

/** Column widths in twips summing exactly to the 版心 width. */
export function columnTwips(block: TableBlock): number[] {
  const n = block.header.length;
  const total = mmToTwips(TEXT_WIDTH_MM);
  const rel =
    block.columnWidths && block.columnWidths.length === n && block.columnWidths.every((w) => w > 0)
      ? block.columnWidths
      : new Array<number>(n).fill(1);
  const sum = rel.reduce((a, b) => a + b, 0);
  const out = rel.map((w) => Math.floor((w / sum) * total));
  out[n - 1] += total - out.reduce((a, b) => a + b, 0);
  return out;
}

function renderTable(block: TableBlock): Table {
  const widths = columnTwips(block);
  const sizePt = tableFontPt(block.header.length);
  const padTwips = mmToTwips(CELL_PADDING_MM);
  const cell = (
    text: string,
    col: number,
    kind: "header" | "row" | "total",
    keepNext = kind === "header",
  ): TableCell => {
    const innerPt = widths[col] / 20 - (2 * padTwips) / 20;
    const fits = textWidthChars(text) * sizePt <= innerPt;
    // Font, size and exact line spacing come from a table paragraph style (tableStyles), so a
    // cell carries only its width and alignment: a county's documents render several times faster.
    return new TableCell({
      width: { size: widths[col], type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      // "\n" starts a new line of the cell (the approval rows leave room this way).
      children: text.split("\n").map(
        (piece) =>
          new Paragraph({
            style: tableStyleId(kind === "header", sizePt),
            alignment:
              ALIGN[kind === "header" || (fits && !text.includes("\n")) ? "center" : "left"],
            // The header row stays with the first row: no heading alone at a page foot; a
            // table kept together keeps every row but the last with the next.
            keepNext,
            children: [
              new TextRun({
                text: piece,
                snapToGrid: false,
                ...(kind === "total" ? { bold: true } : {}),
              }),
            ],
          }),
      ),
    });
  };
  const n = block.header.length;
  const fill = (row: string[]): string[] =>
    Array.from({ length: n }, (_, i) => (row[i] === undefined ? "" : row[i]));
  const together = block.keepTogether ?? false;
  const count = block.rows.length + (block.totalRow ? 1 : 0);
  const rows: TableRow[] = [
    new TableRow({
      // Repeated on each page a table runs onto; a table kept together never does.
      tableHeader: !together,
      cantSplit: true,
      children: block.header.map((h, i) => cell(h, i, "header", count > 0 || !together)),
    }),
    ...block.rows.map(
      (r, k) =>
        new TableRow({
          cantSplit: true,
          children: fill(r).map((t, i) => cell(t, i, "row", together && k < count - 1)),
        }),
    ),
  ];
  if (block.totalRow) {
    rows.push(
      new TableRow({
        cantSplit: true,
        children: fill(block.totalRow).map((t, i) => cell(t, i, "total", false)),
      }),
    );
  }
  return new Table({
    rows,
    width: { size: mmToTwips(TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: tableBorders(),
    margins: { left: padTwips, right: padTwips, top: 0, bottom: 0 },
  });
}

/** The paragraph style of table cells: header (黑体) or body (仿宋) at a size. */
function tableStyleId(header: boolean, sizePt: number): string {
  return `Table${header ? "Header" : "Body"}${ptToHalfPoints(sizePt)}`;
}

/** One paragraph style per kind and size of table text used in the document. */
function tableStyles(doc: DocumentModel): IParagraphStyleOptions[] {
  const sizes = new Set(
    doc.blocks.filter((b) => b.kind === "table").map((b) => tableFontPt(b.header.length)),
  );
  return [...sizes].flatMap((sizePt) =>
    [true, false].map((header) => ({
      id: tableStyleId(header, sizePt),
      name: `${header ? "表头" : "表格正文"} ${sizePt}磅`,
      basedOn: "Normal",
      quickFormat: false,
      run: {
        font: runFont(header ? FONTS.tableHeader : FONTS.body),
        size: ptToHalfPoints(sizePt),
        color: BLACK,
      },
      paragraph: {
        spacing: {
          line: ptToTwips(tableLinePt(sizePt)),
          lineRule: LineRuleType.EXACT,
          before: 0,
          after: 0,
        },
        indent: { left: 0, right: 0, firstLine: 0 },
      },
    })),
  );
}

function closingParagraphs(doc: DocumentModel, template: boolean): Paragraph[] {
  const out: Paragraph[] = [];
  const lines = attachmentLines(doc.attachments);
  lines.forEach((text, i) => {
    const prefix = /^(附件：|　　　)(\d+．)?/.exec(text);
    const hanging = prefix ? cellsTwips(gridCells(prefix[0])) / TWIPS_PER_PT : 0;
    out.push(
      body(text, {
        align: "justify",
        leftPt: GRID_INDENT_PT + hanging,
        hangingPt: hanging,
        beforePt: i === 0 ? BLANK_LINE_PT : 0, // 正文下空一行
        keepNext: true,
      }),
    );
  });
  const [signature, date] = closingTexts(doc, template);
  if (signature !== null) {
    out.push(
      body(signature, {
        align: "left",
        beforePt: BLANK_LINE_PT, // 正文（或附件说明）下空一行
        keepNext: true,
        snap: false,
      }),
    );
  }
  out.push(
    body(date, {
      align: "left",
      beforePt: signature !== null ? 0 : BLANK_LINE_PT,
      keepNext: noteRows(doc, template).length > 0,
      snap: false,
    }),
  );
  return out;
}

/**
 * The 署名 line (null without one) and the 成文日期 line: 署名 右空二字, 成文日期 two characters
 * right of the 署名's first one (§7.3.5.2), set by full-width spaces before each from the data
 * (a template cannot compute an indent).
 */
function closingTexts(doc: DocumentModel, template: boolean): [string | null, string] {
  const closing = closingData(doc.signature, doc.date);
  const field = (name: string): string =>
    template ? `{${name}}` : String(closing[name as keyof typeof closing] ?? "");
  const f = CLOSING_FIELDS;
  return [
    doc.signature
      ? `${field(f.signaturePad)}${template ? doc.signature : field(f.signature)}`
      : null,
    `${field(f.datePad)}${field(f.date)}`,
  ];
}

/**
 * Whether the closing goes into the last paragraph, after an empty line (\n breaks): LibreOffice
 * does not always keep a paragraph with the next, and a page of 署名 and 日期 alone is what
 * §7.3.5 forbids; one paragraph kept together (keepLines) never splits. Not after 附件说明
 * (lines of their own indents), a table or a section's end.
 */
function closingInLastParagraph(doc: DocumentModel): boolean {
  const last = doc.blocks[doc.blocks.length - 1];
  return (
    doc.attachments.length === 0 &&
    last !== undefined &&
    last.kind === "paragraph" &&
    !/^\{[#/^]/.test(last.text.trim())
  );
}

/** The 版记 lines: 抄送 and 印发 (template: the 印发日期 a placeholder). */
function noteRows(doc: DocumentModel, template: boolean): ("copy" | "printed")[] {
  const rows: ("copy" | "printed")[] = [];
  if (copyToLine(doc)) rows.push("copy");
  if (doc.printedBy !== null && (template || doc.printedOn !== null)) rows.push("printed");
  return rows;
}

/**
 * 版记: the 抄送 and 印发 lines between rules as wide as the 版心 (first and last thick, the
 * one between thin), 左右各空一字, at the foot of the 版心 of the last page (§7.4: the last rule
 * on the 版心's bottom edge). Each line is a frame of its own placed from the top margin (a
 * frame of several paragraphs is kept by LibreOffice only when they have the same borders), and
 * the frames stand before the 署名, which they are anchored to: on the page the document ends
 * on, and not last in the body (LibreOffice drops a frame there).
 */
function noteBlock(doc: DocumentModel, template: boolean): Paragraph[] {
  const rows = noteRows(doc, template);
  if (rows.length === 0) return [];
  const rule = (mm: number): IBorderOptions => ({
    style: BorderStyle.SINGLE,
    color: BLACK,
    size: mmToEighthPoints(mm),
    space: 0,
  });
  const thick = rule(NOTE_RULE_THICK_MM);
  const thin = rule(NOTE_RULE_THIN_MM);
  const width = mmToTwips(TEXT_WIDTH_MM);
  const lineTwips = ptToTwips(GRID_LINE_PT);
  const innerPt = TEXT_WIDTH_PT - 2 * NOTE_PT;
  const copyHanging = textWidthChars("抄送：") * NOTE_PT;
  const copy = copyToLine(doc) ?? "";
  // Lines of each row: the 抄送 line wraps under its hanging indent.
  const lines = rows.map((kind) =>
    kind === "copy"
      ? Math.max(1, Math.ceil((textWidthChars(copy) * NOTE_PT) / (innerPt - copyHanging) - 1e-9))
      : 1,
  );
  const bottom = mmToTwips(TEXT_BOTTOM_IN_MARGIN_MM);
  const frameOf = (i: number) => {
    const below = lines.slice(i).reduce((a, b) => a + b, 0);
    return {
      type: "absolute" as const,
      position: { x: 0, y: bottom - below * lineTwips },
      anchor: { horizontal: FrameAnchorType.MARGIN, vertical: FrameAnchorType.MARGIN },
      width,
      height: lines[i] * lineTwips,
      rule: HeightRule.EXACT,
      wrap: FrameWrap.NOT_BESIDE,
    };
  };
  const note = {
    font: FONTS.body,
    sizePt: NOTE_PT,
    linePt: GRID_LINE_PT,
    leftPt: NOTE_PT,
    rightPt: NOTE_PT,
    keepNext: true,
  } as const;
  return rows.map((kind, i) => {
    const border = {
      top: i === 0 ? thick : thin,
      ...(i === rows.length - 1 ? { bottom: thick } : {}),
    };
    if (kind === "copy") {
      return line(copy, {
        ...note,
        leftPt: NOTE_PT + copyHanging,
        hangingPt: copyHanging,
        border,
        frame: frameOf(i),
      });
    }
    const by = doc.printedBy ?? "";
    const on = template ? `{${CLOSING_FIELDS.printedOn}}印发` : (printedLine(doc)?.on ?? "");
    return line(`${by}\t${on}`, {
      ...note,
      align: "left",
      rightTabPt: innerPt,
      border,
      frame: frameOf(i),
    });
  });
}

/** Odd pages: "— 1 —" 右空一字; even pages: 左空一字; 4号半角宋体. */
function pageFooter(side: "odd" | "even"): Footer {
  const font = runFont(FONTS.pageNumber, FONTS.pageNumber.name);
  const size = ptToHalfPoints(PAGE_NUMBER_PT);
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === "odd" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent:
          side === "odd"
            ? { right: ptToTwips(PAGE_NUMBER_INDENT_PT) }
            : { left: ptToTwips(PAGE_NUMBER_INDENT_PT) },
        children: [
          new TextRun({
            font,
            size,
            children: [`${PAGE_NUMBER_DASH} `, PageNumber.CURRENT, ` ${PAGE_NUMBER_DASH}`],
          }),
        ],
      }),
    ],
  });
}

/**
 * The Word document object of a model (exported for inspection in tests). `template`: the
 * closing is written as placeholders ({署名前空}{署名}, {日期前空}{成文日期}, {印发日期}), as
 * the .docx templates carry it.
 */
export function buildDocx(doc: DocumentModel, options: { template?: boolean } = {}): Document {
  const template = options.template ?? false;
  const children: (Paragraph | Table)[] = [...headerParagraphs(doc)];
  let previousWasTable = false;
  const merged = closingInLastParagraph(doc);
  doc.blocks.forEach((block, i) => {
    const last = i === doc.blocks.length - 1;
    if (block.kind === "table") {
      // Two tables in a row would merge into one in Word: keep an empty line between.
      if (previousWasTable) children.push(body(""));
      children.push(renderTable(block));
      previousWasTable = true;
    } else if (merged && last && block.kind === "paragraph") {
      // The 版记 frames stand before the paragraph they are anchored to (see noteBlock).
      const lines = closingTexts(doc, template).filter((t): t is string => t !== null);
      children.push(...noteBlock(doc, template));
      children.push(
        blockParagraphs({ ...block, text: `${block.text}\n\n${lines.join("\n")}` }, true, true),
      );
    } else {
      children.push(blockParagraphs(block, last));
      previousWasTable = false;
    }
  });
  if (!merged) {
    const closing = closingParagraphs(doc, template);
    // The 版记 frames go before the 署名 (or the date), after the 附件说明.
    const at = closing.length - (doc.signature ? 2 : 1);
    children.push(...closing.slice(0, at), ...noteBlock(doc, template), ...closing.slice(at));
  }
  return new Document({
    title: doc.title,
    creator: doc.issuer ?? doc.signature,
    evenAndOddHeaderAndFooters: true,
    // A line ending in a break (the closing in the last paragraph) is not justified wide.
    compatibility: { doNotExpandShiftReturn: true },
    styles: {
      paragraphStyles: tableStyles(doc),
      default: {
        document: {
          run: { font: runFont(FONTS.body), size: ptToHalfPoints(BODY_PT) },
          paragraph: { spacing: { line: 240, lineRule: LineRuleType.AUTO } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: mmToTwips(PAGE_MM.width),
              height: mmToTwips(PAGE_MM.height),
              orientation: PageOrientation.PORTRAIT,
            },
            // The grid's 22 lines around the 版心 (see PAGE_MARGIN_MM).
            margin: {
              top: mmToTwips(PAGE_MARGIN_MM.top),
              bottom: mmToTwips(PAGE_MARGIN_MM.bottom),
              left: mmToTwips(PAGE_MARGIN_MM.left),
              right: mmToTwips(PAGE_MARGIN_MM.right),
              header: mmToTwips(15),
              footer: mmToTwips(FOOTER_FROM_EDGE_MM),
              gutter: 0,
            },
          },
          // 22 lines × 28 characters of 3号 in the 版心 (§5.2.1).
          grid: {
            type: DocumentGridType.LINES_AND_CHARS,
            linePitch: GRID.linePitchTwips,
            charSpace: GRID.charSpace,
          },
        },
        footers: { default: pageFooter("odd"), even: pageFooter("even") },
        children,
      },
    ],
  });
}

/**
 * How Word and WPS find a substitute for a font that is not installed (ECMA-376 Part 1,
 * §17.8.3): w:altName is a comma-delimited list of other names for it (the English name of a
 * Windows face, then the usual fallbacks: 仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体), and
 * w:panose1, w:charset (86 = GB2312), w:family and w:pitch describe it for matching by
 * appearance. The PANOSE numbers and families are those Word itself writes for these faces.
 * LibreOffice reads none of these (writerfilter's FontTable ignores altName, panose1, family
 * and sig): on Linux it asks fontconfig for the run's one font name, hence scripts/fonts.conf.
 */
interface FontTableEntry {
  altNames: string[];
  panose1?: string;
  family: "roman" | "modern" | "swiss" | "auto";
  pitch: "variable" | "fixed" | "default";
  charset: "86" | "00";
}

export const FONT_TABLE: Record<string, FontTableEntry> = {
  方正小标宋简体: {
    altNames: ["FZXiaoBiaoSong-B05S", "小标宋", "宋体", "SimSun"],
    family: "roman",
    pitch: "variable",
    charset: "86",
  },
  仿宋_GB2312: {
    altNames: ["FangSong_GB2312", "仿宋", "FangSong"],
    panose1: "02010609030101010101",
    family: "modern",
    pitch: "default",
    charset: "86",
  },
  楷体_GB2312: {
    altNames: ["KaiTi_GB2312", "楷体", "KaiTi"],
    panose1: "02010609030101010101",
    family: "modern",
    pitch: "default",
    charset: "86",
  },
  黑体: {
    altNames: ["SimHei"],
    panose1: "02010609060101010101",
    family: "modern",
    pitch: "fixed",
    charset: "86",
  },
  宋体: {
    altNames: ["SimSun"],
    panose1: "02010600030101010101",
    family: "auto",
    pitch: "variable",
    charset: "86",
  },
  仿宋: {
    altNames: ["FangSong"],
    panose1: "02010609060101010101",
    family: "modern",
    pitch: "fixed",
    charset: "86",
  },
  楷体: {
    altNames: ["KaiTi"],
    panose1: "02010609060101010101",
    family: "modern",
    pitch: "fixed",
    charset: "86",
  },
  [LATIN_FONT]: {
    altNames: [],
    panose1: "02020603050405020304",
    family: "roman",
    pitch: "variable",
    charset: "00",
  },
};

/** word/fontTable.xml: every font the documents name, with FONT_TABLE's fallbacks. */
export function fontTableXml(): string {
  const names = new Set<string>();
  for (const f of Object.values(FONTS)) names.add(f.name).add(f.fallback);
  names.add(LATIN_FONT);
  const entries = [...names].map((name) => {
    const e = FONT_TABLE[name];
    if (!e) throw new Error(`FONT_TABLE has no entry for ${name}`);
    return (
      `<w:font w:name="${name}">` +
      (e.altNames.length ? `<w:altName w:val="${e.altNames.join(",")}"/>` : "") +
      (e.panose1 ? `<w:panose1 w:val="${e.panose1}"/>` : "") +
      `<w:charset w:val="${e.charset}"/><w:family w:val="${e.family}"/>` +
      `<w:pitch w:val="${e.pitch}"/></w:font>`
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entries.join("") +
    "</w:fonts>"
  );
}

/**
 * What the docx package cannot write, set in the XML it wrote: paragraphs whose runs are off
 * the grid (w:snapToGrid false on the run) get w:snapToGrid 0 on the paragraph too, so that
 * LibreOffice, which reads only the paragraph's, lays the title, the 版头, tables and 版记 at
 * their own pitch; the Normal style carries 3号 so the grid's character pitch is computed from
 * 16 pt (LibreOffice reads it from the Normal style, Word from the defaults).
 */
export function gridFixes(part: "document" | "styles", xml: string): string {
  if (part === "styles") {
    return xml.replace(
      /(<w:style w:type="paragraph" w:styleId="Normal" w:default="1">)([\s\S]*?)(<\/w:style>)/,
      (_, open: string, inner: string, close: string) =>
        inner.includes("<w:rPr>")
          ? `${open}${inner}${close}`
          : `${open}${inner}<w:rPr><w:sz w:val="${ptToHalfPoints(BODY_PT)}"/><w:szCs w:val="${ptToHalfPoints(BODY_PT)}"/></w:rPr>${close}`,
    );
  }
  return xml.replace(/<w:p>(<w:pPr>)([\s\S]*?)<\/w:p>/g, (whole, open: string, rest: string) => {
    if (!rest.includes('<w:snapToGrid w:val="false"/>')) return whole;
    const end = rest.indexOf("</w:pPr>");
    const ppr = rest.slice(0, end);
    // CT_PPrBase order: snapToGrid comes before spacing, ind, jc and the rest.
    const at = ppr.search(
      /<w:(spacing|ind|contextualSpacing|mirrorIndents|jc|textAlignment|rPr)\b/,
    );
    const pos = at < 0 ? end : at;
    return `<w:p>${open}${rest.slice(0, pos)}<w:snapToGrid w:val="0"/>${rest.slice(pos)}</w:p>`;
  });
}

/**
 * The .docx file of a model (drawn with the docx package; `template`: see buildDocx).
 * `fixedDates`: the package's created/modified dates fixed, so a template made twice is the
 * same file.
 */
export async function renderDocx(
  doc: DocumentModel,
  options: { template?: boolean; fixedDates?: boolean } = {},
): Promise<Buffer> {
  const packed = await Packer.toBuffer(buildDocx(doc, options), false, [
    { path: "word/fontTable.xml", data: fontTableXml() },
  ]);
  const zip = await JSZip.loadAsync(packed);
  for (const [name, part] of [
    ["word/document.xml", "document"],
    ["word/styles.xml", "styles"],
  ] as const) {
    const file = zip.file(name);
    if (file) zip.file(name, gridFixes(part, await file.async("string")));
  }
  const core = zip.file("docProps/core.xml");
  if (options.fixedDates && core) {
    const xml = await core.async("string");
    zip.file(
      "docProps/core.xml",
      xml.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, "$12026-01-01T00:00:00Z"),
    );
  }
  const date = options.fixedDates ? new Date("2026-01-01T00:00:00Z") : undefined;
  if (date) zip.forEach((_, f) => (f.date = date));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

const UNSAFE = /[\\:*?"<>|\u0000-\u001f]/g;

/** A file name relative to the output folder: safe characters, .docx, no way out of it. */
export function safeRelativePath(fileName: string): string {
  const parts = fileName
    .split("/")
    .map((p) => p.replace(UNSAFE, "_").trim())
    .filter((p) => p !== "" && p !== ".");
  if (parts.length === 0 || parts.some((p) => p === "..")) {
    throw new Error(`文档文件名“${fileName}”无效`);
  }
  const rel = parts.join("/");
  return rel.toLowerCase().endsWith(".docx") ? rel : `${rel}.docx`;
}

/**
 * Writes documents as .docx under `outDir`. `write` is synchronous as the port requires: it
 * returns the path relative to `outDir` at once and queues the rendering; `flush` renders and
 * writes everything queued (creating folders) and then deletes the files that written
 * documents replace (a `replaces` path different from the new one).
 */
export class DocxSink implements DocumentSink {
  private readonly queue = new Map<string, DocumentModel>();
  private readonly replaced = new Set<string>();
  private templateSet: TemplateSet | null = null;

  /**
   * `templatesDir`: a county's edited templates (docs --templates); default the built-in ones.
   * A document that carries template data is filled from its type's template; one without
   * (a model built by hand) is drawn with the docx package.
   */
  constructor(
    readonly outDir: string,
    readonly templatesDir: string | null = null,
  ) {}

  /** The templates, loaded (and checked) on first use. */
  templates(): TemplateSet {
    if (!this.templateSet) {
      this.templateSet = new TemplateSet(this.templatesDir ?? builtInTemplatesDir());
    }
    return this.templateSet;
  }

  write(doc: DocumentModel, fileName: string, replaces: string | null): string {
    const rel = safeRelativePath(fileName);
    this.queue.set(rel, doc);
    this.replaced.delete(rel);
    if (replaces) {
      const old = path.normalize(replaces).split(path.sep).join("/");
      if (old !== rel && !old.startsWith("../") && !path.isAbsolute(old)) this.replaced.add(old);
    }
    return rel;
  }

  /** How many documents wait for `flush`. */
  get pending(): number {
    return this.queue.size;
  }

  /** Render every queued document; `onRendered` is called as each file is written. */
  async flush(onRendered: () => void = () => {}): Promise<void> {
    const jobs = [...this.queue].map(([rel, doc]) => ({
      rel,
      doc,
      file: path.join(this.outDir, rel),
    }));
    for (const dir of new Set(jobs.map((j) => path.dirname(j.file))))
      await mkdir(dir, { recursive: true });
    // The jobs hold the models from here on, and let each go once it is rendered.
    this.queue.clear();
    const worker = workerScript();
    const templated = jobs.some((j) => j.doc.template);
    // Check the templates here, once, before any worker starts (a county's edited copy that
    // lacks a placeholder is one clear error, not one per document).
    if (templated) this.templates().checkAll(usedTemplates(jobs.map((j) => j.doc)));
    if (worker && jobs.length >= WORKERS_FROM) {
      await renderInWorkers(worker, jobs, this.templates().dir, onRendered);
    } else {
      for (const job of jobs) {
        await writeFileAtomic(job.file, await renderDocument(job.doc, () => this.templates()));
        onRendered();
      }
    }
    const written = new Set(jobs.map((j) => j.rel));
    for (const old of this.replaced) {
      if (!written.has(old)) await rm(path.join(this.outDir, old), { force: true });
    }
    this.replaced.clear();
  }
}

/** The document types whose templates the documents use. */
function usedTemplates(docs: DocumentModel[]): DocumentType[] {
  const types = new Set<DocumentType>();
  for (const d of docs) {
    const t = d.template?.template;
    if (t && (DOCUMENT_TYPES as readonly string[]).includes(t)) types.add(t as DocumentType);
  }
  return [...types];
}

/** A document's .docx: filled from its template when it has template data, else drawn. */
export async function renderDocument(
  doc: DocumentModel,
  templates: () => TemplateSet,
): Promise<Buffer> {
  const fill = doc.template;
  if (fill && (DOCUMENT_TYPES as readonly string[]).includes(fill.template)) {
    return templates()
      .get(fill.template as DocumentType)
      .fill(fill.data);
  }
  return renderDocx(doc);
}

/** Below this many documents the workers' start-up costs more than it saves. */
const WORKERS_FROM = 24;

/** The built worker (dist/node/docx-worker.cjs) beside the running bundle, if there is one. */
function workerScript(): string | null {
  if (typeof __dirname === "undefined") return null;
  const file = path.join(__dirname, "docx-worker.cjs");
  return existsSync(file) ? file : null;
}

/** Render every job in the pool of worker threads (./workerPool.ts). */
async function renderInWorkers(
  script: string,
  jobs: { file: string; doc: DocumentModel | null }[],
  templatesDir: string,
  onRendered: () => void,
): Promise<void> {
  await runWorkerPool(script, {
    count: jobs.length,
    folders: jobs.map((j) => path.dirname(j.file)),
    message(id) {
      const message = { id, file: jobs[id].file, doc: jobs[id].doc, templatesDir };
      jobs[id].doc = null; // the worker has its copy; let this one go
      return message;
    },
    done: onRendered,
    failed: (m) =>
      Object.assign(
        new Error(`生成文档“${path.basename(jobs[m.id].file)}”失败：${m.error}`),
        m.code ? { code: m.code, path: m.path ?? jobs[m.id].file } : {},
      ),
  });
}
