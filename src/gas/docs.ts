/**
 * The Apps Script DocumentSink: renders a DocumentModel as a Google Doc through DocumentApp,
 * filed in the Drive folder 干部关怀激励文档/YEAR that the script creates itself, optionally
 * with a PDF beside it. Drive is reached only through the Drive advanced service (./drive.ts),
 * so the narrow `drive.file` scope is enough: each Google Doc is created by Drive.Files.create
 * directly inside its folder (nothing to move, and a file the script created is one drive.file
 * lets it open), then written with DocumentApp.openById; the PDF is Document.getAs(PDF), which
 * reads no Drive file, uploaded with Drive.Files.create.
 *
 * The services are taken through small interfaces so that tests pass fakes; the defaults are
 * the Apps Script globals, looked up when first used (never at module load).
 *
 * Cost: the number of service calls per document depends on the number of paragraphs and
 * table columns, never on the number of table rows: each table is inserted with one
 * `appendTable(cells)` call and styled through the table, its header row and its total row.
 *
 * Regenerating a document (`replaces` = the earlier link): the earlier Google Doc is opened,
 * cleared and rewritten in place, so its link, sharing and Drive version history stay (the
 * earlier text remains in 版本记录). When it cannot be opened any more (deleted, trashed, no
 * access) a new document is created. An earlier PDF of the same name is moved to the trash.
 *
 * Google Docs limits, compared with the .docx: line spacing is a multiple of single spacing
 * (layout.googleLineSpacing approximates the fixed 28 pt), the red rule under the 发文字号 is
 * a plain horizontal rule, the header row cannot be repeated on each page without the Docs
 * advanced service (pass `docsApi` to pin it), and DocumentApp cannot insert page numbers.
 */
import { chineseDate, yearOf } from "../rules/dates";
import type { DocumentSink, KeyValueStore } from "../workflows/ports";
import {
  attachmentLines,
  copyToLine,
  printedLine,
  type Alignment,
  type DocumentModel,
  type TableBlock,
} from "../documents/model";
import { DOCUMENT_MIME, PDF_MIME, type DriveApiLike, findByName, folderIn, trash } from "./drive";
import {
  BODY_PT,
  FONTS,
  INDENT_PT,
  ISSUER_TOP_MM,
  LINE_PT,
  MARGIN_MM,
  NOTE_PT,
  PAGE_MM,
  RED,
  TEXT_WIDTH_PT,
  TITLE_LINE_PT,
  TITLE_PT,
  closingIndents,
  googleLineSpacing,
  issuerSizePt,
  mmToPt,
  tableFontPt,
  textWidthChars,
} from "../documents/layout";

/** The attribute names this renderer sets (DocumentApp.Attribute members). */
export type AttributeName =
  | "FONT_FAMILY"
  | "FONT_SIZE"
  | "BOLD"
  | "FOREGROUND_COLOR"
  | "HORIZONTAL_ALIGNMENT"
  | "LINE_SPACING"
  | "SPACING_BEFORE"
  | "SPACING_AFTER"
  | "INDENT_FIRST_LINE"
  | "INDENT_START"
  | "INDENT_END";

export type Attributes = Record<string, unknown>;

export interface GasText {
  setAttributes(attributes: Attributes): unknown;
}
export interface GasParagraph {
  setAttributes(attributes: Attributes): unknown;
  removeFromParent(): unknown;
}
export interface GasTableCell {
  getChild(index: number): { asParagraph(): GasParagraph };
}
export interface GasTableRow {
  editAsText(): GasText;
  getCell(index: number): GasTableCell;
}
export interface GasTable {
  setBorderWidth(width: number): unknown;
  setBorderColor(color: string): unknown;
  setColumnWidth(columnIndex: number, width: number): unknown;
  editAsText(): GasText;
  getRow(index: number): GasTableRow;
}
export interface GasBody {
  setPageWidth(width: number): unknown;
  setPageHeight(height: number): unknown;
  setMarginTop(margin: number): unknown;
  setMarginBottom(margin: number): unknown;
  setMarginLeft(margin: number): unknown;
  setMarginRight(margin: number): unknown;
  clear(): unknown;
  getParagraphs(): GasParagraph[];
  appendParagraph(text: string): GasParagraph;
  appendTable(cells: string[][]): GasTable;
  appendHorizontalRule(): unknown;
  appendPageBreak(): unknown;
}
export interface GasDocument {
  getId(): string;
  getUrl(): string;
  getBody(): GasBody;
  setName(name: string): unknown;
  saveAndClose(): void;
  /** The saved contents as a blob of another type (PDF); needs the documents scope only. */
  getAs(contentType: string): GasBlob;
}
export interface DocumentAppLike {
  openById(id: string): GasDocument;
  openByUrl(url: string): GasDocument;
  Attribute: Record<AttributeName, unknown>;
  HorizontalAlignment: Record<"LEFT" | "CENTER" | "RIGHT" | "JUSTIFY", unknown>;
}
export interface GasBlob {
  setName(name: string): GasBlob;
}
/** The Docs advanced service (userSymbol "Docs"), only to pin table header rows. */
export interface DocsApiLike {
  Documents: {
    get(
      documentId: string,
      options?: { fields?: string },
    ): { body?: { content?: { startIndex?: number; table?: unknown }[] } };
    batchUpdate(request: { requests: unknown[] }, documentId: string): unknown;
  };
}

/** Font names per role: GB/T 9704 names (default), or any the Docs font menu offers. */
export interface GoogleFonts {
  issuer: string;
  title: string;
  body: string;
  heading1: string;
  heading2: string;
  tableHeader: string;
}

/** The GB/T 9704 names: kept when the Doc is downloaded as .docx or opened in WPS/Word. */
export const GB_FONTS: GoogleFonts = {
  issuer: FONTS.issuer.name,
  title: FONTS.title.name,
  body: FONTS.body.name,
  heading1: FONTS.heading1.name,
  heading2: FONTS.heading2.name,
  tableHeader: FONTS.tableHeader.name,
};

/** Fonts of the Docs font menu closest to the GB/T 9704 faces (serif, sans). */
export const NOTO_FONTS: GoogleFonts = {
  issuer: "Noto Serif SC",
  title: "Noto Serif SC",
  body: "Noto Serif SC",
  heading1: "Noto Sans SC",
  heading2: "Noto Serif SC",
  tableHeader: "Noto Sans SC",
};

interface ParagraphOptions {
  font: string;
  size: number;
  align?: Alignment;
  linePt?: number;
  before?: number;
  after?: number;
  /** First-line indent relative to `start` (negative: hanging). */
  firstLine?: number;
  start?: number;
  end?: number;
  color?: string;
  bold?: boolean;
}

export const ROOT_FOLDER_NAME = "干部关怀激励文档";

export interface GoogleDocsSinkOptions {
  documentApp?: DocumentAppLike;
  /** The Drive advanced service (v3). */
  driveApi?: DriveApiLike;
  /** The Docs advanced service; when given, table header rows repeat on each page. */
  docsApi?: DocsApiLike;
  /** Also save a PDF beside each document. */
  pdf?: boolean;
  rootFolderName?: string;
  fonts?: GoogleFonts;
  /**
   * One Google Doc per (document type, year) and group of units, each unit's document a
   * section starting on a new page, instead of one Doc per unit: a county of 300 units makes
   * 32 Docs the first time (0 after: they are rewritten in place), within any account's daily
   * "Documents created" quota (250 consumer, 1,500 Workspace), where one per unit (1,502) is
   * not. `store` keeps which Doc holds which group across the runs of a batch.
   */
  combine?: { store: KeyValueStore; unitsPerDocument?: number };
}

/** Units per combined Doc: keeps a Doc of the largest form far below Docs' size limit. */
export const UNITS_PER_DOCUMENT = 50;
/** Store key of a combined group: its Docs and how far this batch has filled them. */
export const COMBINED_KEY_PREFIX = "cadre-care.docsGroup.";

export interface CombinedGroup {
  /** The batch that last wrote the group. */
  batch: string;
  /** The group's Docs (links), in order; reused batch after batch. */
  parts: string[];
  /** Parts this batch has started, and sections in the last of them. */
  used: number;
  sections: number;
}

/** A combined group as the store keeps it, checked field by field (null when unreadable). */
export function readGroup(store: KeyValueStore, key: string): CombinedGroup | null {
  const raw = store.get(COMBINED_KEY_PREFIX + key);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<CombinedGroup>;
    if (!Array.isArray(v.parts) || typeof v.batch !== "string") return null;
    return {
      batch: v.batch,
      parts: v.parts.filter((p): p is string => typeof p === "string"),
      used: Number(v.used) || 0,
      sections: Number(v.sections) || 0,
    };
  } catch {
    return null;
  }
}

/** At the end of a batch: trash the parts of the `touched` groups that `batch` no longer used. */
export function trashUnusedParts(
  drive: DriveApiLike,
  store: KeyValueStore,
  touched: Iterable<string>,
  batch: string,
): void {
  for (const key of touched) {
    const group = readGroup(store, key);
    if (!group || group.batch !== batch) continue;
    for (const url of group.parts.slice(group.used)) {
      const id = /\/d\/([^/]+)/.exec(url)?.[1];
      if (id) {
        try {
          trash(drive, id);
        } catch {
          // already gone
        }
      }
    }
    group.parts = group.parts.slice(0, group.used);
    store.set(COMBINED_KEY_PREFIX + key, JSON.stringify(group));
  }
}

function global<T>(name: string): T {
  const value = (globalThis as Record<string, unknown>)[name];
  if (value === undefined) throw new Error(`Apps Script service ${name} is not available`);
  return value as T;
}

export class GoogleDocsSink implements DocumentSink {
  private readonly folders = new Map<string, string>();
  private readonly fonts: GoogleFonts;
  private batch = "";
  /** Combined Docs open in this run, by link (saved by endRun). */
  private readonly open = new Map<string, GasDocument>();
  /** Groups touched by this run. */
  private readonly touched = new Set<string>();

  constructor(private readonly options: GoogleDocsSinkOptions = {}) {
    this.fonts = options.fonts ?? GB_FONTS;
  }

  private get docs(): DocumentAppLike {
    return this.options.documentApp ?? global<DocumentAppLike>("DocumentApp");
  }
  private get drive(): DriveApiLike {
    return this.options.driveApi ?? global<DriveApiLike>("Drive");
  }

  /**
   * The ID of the folder 干部关怀激励文档/YEAR in My Drive, found by name among the folders this
   * script can see (under drive.file: the ones it created) or created; remembered for this run.
   */
  folderFor(year: number): string {
    const key = String(year);
    const known = this.folders.get(key);
    if (known) return known;
    const rootName = this.options.rootFolderName ?? ROOT_FOLDER_NAME;
    const root = folderIn(this.drive, rootName, "root");
    const folder = folderIn(this.drive, key, root);
    this.folders.set(key, folder);
    return folder;
  }

  /** The batch the next writes belong to (its 生成时间): a new batch refills combined Docs. */
  startBatch(id: string): void {
    this.batch = id;
  }

  /** Save the combined Docs this run wrote; at the end of a batch, trash parts it no longer uses. */
  endRun(batchDone: boolean): void {
    for (const gdoc of this.open.values()) gdoc.saveAndClose();
    this.open.clear();
    const combine = this.options.combine;
    if (!combine || !batchDone) return;
    trashUnusedParts(this.drive, combine.store, this.touched, this.batch);
    this.touched.clear();
  }

  write(doc: DocumentModel, fileName: string, replaces: string | null): string {
    const unitFile = /^(\d{4})-([^-]+)-(.+?)(?:\.docx)?$/i.exec(fileName);
    // Forms of one unit combine; county-wide notices (numbered, circulated) stay one Doc each.
    if (this.options.combine && unitFile && doc.kind !== "notice" && unitFile[3] !== "全县") {
      return this.writeSection(doc, `${unitFile[1]}-${unitFile[2]}`, this.options.combine);
    }
    const name = fileName.replace(/\.docx$/i, "");
    const folder = this.folderFor(doc.year ?? yearOf(doc.date));
    let gdoc: GasDocument | null = null;
    if (replaces && /^https:\/\//.test(replaces)) {
      try {
        gdoc = this.docs.openByUrl(replaces);
      } catch {
        gdoc = null; // gone or not ours any more: write a new one
      }
    }
    const created = gdoc === null;
    if (gdoc === null) gdoc = this.createDoc(name, folder);
    else gdoc.setName(name);
    const body = gdoc.getBody();
    if (!created) body.clear();
    this.render(doc, body);
    const id = gdoc.getId();
    const url = gdoc.getUrl();
    gdoc.saveAndClose();
    if (this.options.docsApi) this.pinHeaderRows(this.options.docsApi, id, doc);
    if (this.options.pdf) this.savePdf(id, `${name}.pdf`, folder);
    return url;
  }

  /** A unit's document as the next section of its group's combined Doc. */
  private writeSection(
    doc: DocumentModel,
    key: string,
    combine: NonNullable<GoogleDocsSinkOptions["combine"]>,
  ): string {
    const per = combine.unitsPerDocument ?? UNITS_PER_DOCUMENT;
    let group = readGroup(combine.store, key) ?? {
      batch: "",
      parts: [],
      used: 0,
      sections: 0,
    };
    if (group.batch !== this.batch) group = { ...group, batch: this.batch, used: 0, sections: 0 };
    this.touched.add(key);
    let gdoc: GasDocument | null = null;
    let append = true;
    if (group.used === 0 || group.sections >= per) {
      // Start the next part: the Doc an earlier batch used for it, cleared, or a new one.
      const index = group.used;
      const name = index === 0 ? `${key}-各单位` : `${key}-各单位-${index + 1}`;
      const earlier = group.parts[index];
      if (earlier) {
        try {
          gdoc = this.docs.openByUrl(earlier);
          gdoc.setName(name);
          gdoc.getBody().clear();
        } catch {
          gdoc = null;
        }
      }
      if (gdoc === null) gdoc = this.createDoc(name, this.folderFor(doc.year ?? yearOf(doc.date)));
      const url = gdoc.getUrl();
      group.parts[index] = url;
      group.used = index + 1;
      group.sections = 0;
      this.open.set(url, gdoc);
      append = false;
    } else {
      const url = group.parts[group.used - 1];
      gdoc = this.open.get(url) ?? this.docs.openByUrl(url);
      this.open.set(url, gdoc);
    }
    this.render(doc, gdoc.getBody(), append);
    group.sections++;
    combine.store.set(COMBINED_KEY_PREFIX + key, JSON.stringify(group));
    return group.parts[group.used - 1];
  }

  /** A new Google Doc `name` created by Drive directly in `folder`, opened for writing. */
  private createDoc(name: string, folder: string): GasDocument {
    const file = this.drive.Files.create(
      { name, mimeType: DOCUMENT_MIME, parents: [folder] },
      null,
      { fields: "id" },
    );
    if (!file.id) throw new Error(`云端硬盘未返回新建文档“${name}”的 ID`);
    return this.docs.openById(file.id);
  }

  /** The saved document as a PDF in `folder`; an earlier PDF of the same name goes to the trash. */
  private savePdf(documentId: string, pdfName: string, folder: string): void {
    for (const old of findByName(this.drive, pdfName, folder, PDF_MIME)) {
      if (old.id) trash(this.drive, old.id);
    }
    // saveAndClose closed the handle; the PDF is made from a fresh one, of the saved contents.
    const blob = this.docs.openById(documentId).getAs(PDF_MIME).setName(pdfName);
    this.drive.Files.create(
      { name: pdfName, mimeType: PDF_MIME, parents: [folder] },
      blob as unknown as GoogleAppsScript.Base.BlobSource,
      { fields: "id" },
    );
  }

  private attrs(values: Partial<Record<AttributeName, unknown>>): Attributes {
    const out: Attributes = {};
    for (const [k, v] of Object.entries(values)) {
      out[String(this.docs.Attribute[k as AttributeName])] = v;
    }
    return out;
  }

  private align(a: Alignment): unknown {
    const h = this.docs.HorizontalAlignment;
    return a === "left" ? h.LEFT : a === "center" ? h.CENTER : a === "right" ? h.RIGHT : h.JUSTIFY;
  }

  private paragraph(body: GasBody, text: string, o: ParagraphOptions): GasParagraph {
    const p = body.appendParagraph(text);
    p.setAttributes(
      this.attrs({
        FONT_FAMILY: o.font,
        FONT_SIZE: o.size,
        BOLD: o.bold ?? false,
        FOREGROUND_COLOR: `#${o.color ?? "000000"}`,
        HORIZONTAL_ALIGNMENT: this.align(o.align ?? "justify"),
        LINE_SPACING: googleLineSpacing(o.size, o.linePt ?? LINE_PT),
        SPACING_BEFORE: o.before ?? 0,
        SPACING_AFTER: o.after ?? 0,
        INDENT_FIRST_LINE: (o.start ?? 0) + (o.firstLine ?? 0),
        INDENT_START: o.start ?? 0,
        INDENT_END: o.end ?? 0,
      }),
    );
    return p;
  }

  /** Render `doc` into `body`; `append`: after a page break, below what the body holds. */
  private render(doc: DocumentModel, body: GasBody, append = false): void {
    if (append) body.appendPageBreak();
    else {
      body.setPageWidth(mmToPt(PAGE_MM.width));
      body.setPageHeight(mmToPt(PAGE_MM.height));
      body.setMarginTop(mmToPt(MARGIN_MM.top));
      body.setMarginBottom(mmToPt(MARGIN_MM.bottom));
      body.setMarginLeft(mmToPt(MARGIN_MM.left));
      body.setMarginRight(mmToPt(MARGIN_MM.right));
    }
    // A new or cleared body holds one empty paragraph: removed once the others are in.
    const initial = append ? null : body.getParagraphs()[0];
    const f = this.fonts;
    const text = (t: string, extra: Partial<ParagraphOptions> = {}): GasParagraph =>
      this.paragraph(body, t, { font: f.body, size: BODY_PT, ...extra });

    if (doc.issuer) {
      const size = issuerSizePt(doc.issuer);
      this.paragraph(body, doc.issuer, {
        font: f.issuer,
        size,
        align: "center",
        color: RED,
        before: mmToPt(ISSUER_TOP_MM),
        linePt: size * 1.25,
      });
    }
    if (doc.number) text(doc.number, { align: "center", before: doc.issuer ? 2 * LINE_PT : 0 });
    if (doc.issuer) body.appendHorizontalRule();
    doc.title.split("\n").forEach((t, i, all) =>
      this.paragraph(body, t, {
        font: f.title,
        size: TITLE_PT,
        align: "center",
        linePt: TITLE_LINE_PT,
        before: i === 0 && doc.issuer ? 2 * LINE_PT : 0,
        after: i === all.length - 1 ? LINE_PT : 0,
      }),
    );
    if (doc.recipients) text(doc.recipients);

    for (const block of doc.blocks) {
      if (block.kind === "paragraph") {
        text(block.text.replace(/\t/g, "　　"), {
          align: block.align ?? "justify",
          firstLine: block.indent === false ? 0 : INDENT_PT,
        });
      } else if (block.kind === "heading") {
        const font = block.level === 1 ? f.heading1 : block.level === 2 ? f.heading2 : f.body;
        text(block.text, { font, firstLine: INDENT_PT });
      } else {
        this.table(body, block);
      }
    }

    attachmentLines(doc.attachments).forEach((t, i) => {
      const prefix = /^(附件：|　　　)(\d+．)?/.exec(t);
      const hanging = prefix ? textWidthChars(prefix[0]) * BODY_PT : 0;
      text(t, { start: INDENT_PT + hanging, firstLine: -hanging, before: i === 0 ? LINE_PT : 0 });
    });
    const dateText = chineseDate(doc.date);
    const { signatureRight, dateRight } = closingIndents(doc.signature, dateText);
    if (doc.signature) {
      text(doc.signature, { align: "right", end: signatureRight * BODY_PT, before: LINE_PT });
    }
    text(dateText, {
      align: "right",
      end: dateRight * BODY_PT,
      before: doc.signature ? 0 : LINE_PT,
    });

    const copy = copyToLine(doc);
    const printed = printedLine(doc);
    if (copy || printed) {
      text("");
      body.appendHorizontalRule();
      const note = { size: NOTE_PT, start: NOTE_PT, end: NOTE_PT };
      if (copy) {
        const hanging = textWidthChars("抄送：") * NOTE_PT;
        text(copy, { ...note, start: NOTE_PT + hanging, firstLine: -hanging });
        if (printed) body.appendHorizontalRule();
      }
      if (printed) {
        // No tab stops in DocumentApp: the date is pushed right with full-width spaces.
        const room = Math.floor(
          (TEXT_WIDTH_PT - 2 * NOTE_PT) / NOTE_PT -
            textWidthChars(printed.by) -
            textWidthChars(printed.on),
        );
        text(`${printed.by}${"　".repeat(Math.max(1, room))}${printed.on}`, {
          ...note,
          align: "left",
        });
      }
      body.appendHorizontalRule();
    }
    initial?.removeFromParent();
  }

  /** One appendTable call for all rows; styling through the table and its first and last row. */
  private table(body: GasBody, block: TableBlock): void {
    const n = block.header.length;
    const fill = (row: string[]): string[] =>
      Array.from({ length: n }, (_, i) => (row[i] === undefined ? "" : String(row[i])));
    const cells = [block.header.map(String), ...block.rows.map(fill)];
    if (block.totalRow) cells.push(fill(block.totalRow));
    const table = body.appendTable(cells);
    const size = tableFontPt(n);
    table.setBorderWidth(0.5);
    table.setBorderColor("#000000");
    table.editAsText().setAttributes(this.attrs({ FONT_FAMILY: this.fonts.body, FONT_SIZE: size }));
    const rel =
      block.columnWidths &&
      block.columnWidths.length === n &&
      block.columnWidths.every((w) => w > 0)
        ? block.columnWidths
        : new Array<number>(n).fill(1);
    const sum = rel.reduce((a, b) => a + b, 0);
    rel.forEach((w, i) =>
      table.setColumnWidth(i, Math.floor((w / sum) * TEXT_WIDTH_PT * 100) / 100),
    );
    const header = table.getRow(0);
    header
      .editAsText()
      .setAttributes(this.attrs({ FONT_FAMILY: this.fonts.tableHeader, BOLD: false }));
    for (let i = 0; i < n; i++) {
      header
        .getCell(i)
        .getChild(0)
        .asParagraph()
        .setAttributes(this.attrs({ HORIZONTAL_ALIGNMENT: this.docs.HorizontalAlignment.CENTER }));
    }
    if (block.totalRow) {
      table
        .getRow(cells.length - 1)
        .editAsText()
        .setAttributes(this.attrs({ BOLD: true }));
    }
  }

  /** Repeats the first row of every table on each page (Docs API pinTableHeaderRows). */
  private pinHeaderRows(api: DocsApiLike, id: string, doc: DocumentModel): void {
    if (!doc.blocks.some((b) => b.kind === "table")) return;
    const content = api.Documents.get(id, { fields: "body.content(startIndex,table)" }).body
      ?.content;
    const requests = (content ?? [])
      .filter((el) => el.table !== undefined && el.startIndex !== undefined)
      .map((el) => ({
        pinTableHeaderRows: {
          tableStartLocation: { index: el.startIndex },
          pinnedHeaderRowsCount: 1,
        },
      }));
    if (requests.length > 0) api.Documents.batchUpdate({ requests }, id);
  }
}
