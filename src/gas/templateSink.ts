/**
 * The Apps Script DocumentSink of 生成文档 (#14): fills the county-editable template Google Doc of each document
 * type (src/gas/templateDocs.ts makes them from templates/*.docx in 干部关怀激励文档/模板) and
 * files the result in the Drive folder 干部关怀激励文档/YEAR that the script creates itself,
 * optionally with a PDF beside it. Drive is reached only through the Drive advanced service
 * (./drive.ts), so the narrow `drive.file` scope is enough.
 *
 * - A new Doc is Drive.Files.copy of the template Doc into the year folder, so it keeps the
 *   template's page size, margins, header and footer with page numbers and named styles; its
 *   body then is the template's body, the first section to fill.
 * - A unit's form is a section of its group's combined Doc (one per type, year and 50 units):
 *   the template body's children, read and copied once per run and type, are appended with
 *   DocumentApp after a page break, and the range of body children each section occupies is
 *   recorded. A regenerated Doc is opened by its link and its body cleared and refilled (its
 *   link, sharing and version history stay); when it is gone, a new copy is made.
 * - Then, per Doc and run, one Docs.Documents.get and as few Docs.Documents.batchUpdate calls
 *   as ./docsFill.ts needs (its chunks) fill every pending section: values by index inside
 *   each section's range, loop rows, {#x} sections.
 * - A template Doc the county edited that lacks a placeholder the data needs, or carries an
 *   unknown one, is refused with TemplateDocError (the same rule and words as the .docx
 *   templates); the caller skips that type and says why.
 *
 * The services are taken through small interfaces so that tests pass fakes; the defaults are
 * the Apps Script globals, looked up when first used (never at module load).
 */
import { yearOf } from "../rules/dates";
import type { DocumentSink, KeyValueStore } from "../workflows/ports";
import type { DocumentModel } from "../documents/model";
import { SKELETONS } from "../documents/builders";
import { placeholderProblem, tagsOf } from "../documents/template";
import type { DocumentType } from "../documents/builders/common";
import {
  COMBINED_KEY_PREFIX,
  ROOT_FOLDER_NAME,
  UNITS_PER_DOCUMENT,
  readGroup,
  trashUnusedParts,
} from "./docs";
import { PDF_MIME, type DriveApiLike, findByName, folderIn, trash } from "./drive";
import { chunks, fillRequests, type DocsElement, type FillSection } from "./docsFill";

/** A body child as the sink uses it (DocumentApp Element). */
export interface GasElement {
  getType(): unknown;
  asParagraph(): GasCopyable;
  asTable(): GasCopyable;
  asListItem(): GasCopyable;
  removeFromParent(): unknown;
}
/** An element that gives a detached deep copy (Paragraph, Table, ListItem). */
export interface GasCopyable {
  copy(): GasCopyable;
}
export interface GasBody {
  clear(): unknown;
  getNumChildren(): number;
  getChild(index: number): GasElement;
  getText(): string;
  appendParagraph(paragraph: GasCopyable): unknown;
  appendTable(table: GasCopyable): unknown;
  appendListItem(listItem: GasCopyable): unknown;
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
  ElementType: Record<"PARAGRAPH" | "TABLE" | "LIST_ITEM", unknown>;
}
export interface GasBlob {
  setName(name: string): GasBlob;
}
/** The Docs advanced service (userSymbol "Docs", v1). */
export interface DocsApiLike {
  Documents: {
    get(documentId: string, options?: { fields?: string }): { body?: { content?: DocsElement[] } };
    batchUpdate(request: { requests: unknown[] }, documentId: string): unknown;
  };
}

/** A template Doc the county edited whose placeholders do not fit its type's data. */
export class TemplateDocError extends Error {}

export interface TemplateDocsSinkOptions {
  /** The ID of the template Google Doc of a document type (src/gas/templateDocs.ts). */
  templates: (type: string, year: number) => string;
  documentApp?: DocumentAppLike;
  /** The Drive advanced service (v3). */
  driveApi?: DriveApiLike;
  /** The Docs advanced service (v1). */
  docsApi?: DocsApiLike;
  /** Also save a PDF beside each county-wide document. */
  pdf?: boolean;
  /** Requests per batchUpdate (default docsFill's FILL_CHUNK). */
  chunk?: number;
  /**
   * One Google Doc per (document type, year) and group of units, each unit's document a
   * section starting on a new page, instead of one Doc per unit: a county of 300 units makes
   * 32 Docs the first time (0 after: they are refilled in place), within any account's daily
   * "Documents created" quota (250 consumer, 1,500 Workspace), where one per unit (1,502) is
   * not. `store` keeps which Doc holds which group across the runs of a batch.
   */
  combine?: { store: KeyValueStore; unitsPerDocument?: number };
}

function global<T>(name: string): T {
  const value = (globalThis as Record<string, unknown>)[name];
  if (value === undefined) throw new Error(`Apps Script service ${name} is not available`);
  return value as T;
}

/** A template Doc read for this run: its ID and detached copies of its body's children. */
interface LoadedTemplate {
  id: string;
  elements: { kind: "paragraph" | "table" | "listItem"; element: GasCopyable }[];
}

/** A Doc written in this run: the sections it still has to fill. */
interface OpenDoc {
  id: string;
  gdoc: GasDocument | null;
  body: GasBody | null;
  sections: FillSection[];
}

const docUrl = (id: string): string => `https://docs.google.com/document/d/${id}/edit`;

export class TemplateDocsSink implements DocumentSink {
  private readonly folders = new Map<string, string>();
  private batch = "";
  /** Combined Docs written in this run, by link (filled and saved by endRun). */
  private readonly open = new Map<string, OpenDoc>();
  /** Groups touched by this run. */
  private readonly touched = new Set<string>();
  /** Template Docs read in this run, by type (or the error they gave). */
  private readonly loaded = new Map<string, LoadedTemplate | TemplateDocError>();

  constructor(private readonly options: TemplateDocsSinkOptions) {}

  private get docs(): DocumentAppLike {
    return this.options.documentApp ?? global<DocumentAppLike>("DocumentApp");
  }
  private get drive(): DriveApiLike {
    return this.options.driveApi ?? global<DriveApiLike>("Drive");
  }
  private get docsApi(): DocsApiLike {
    return this.options.docsApi ?? global<DocsApiLike>("Docs");
  }

  /**
   * The ID of the folder 干部关怀激励文档/YEAR in My Drive, found by name among the folders this
   * script can see (under drive.file: the ones it created) or created; remembered for this run.
   */
  folderFor(year: number): string {
    const key = String(year);
    const known = this.folders.get(key);
    if (known) return known;
    const root = folderIn(this.drive, ROOT_FOLDER_NAME, "root");
    const folder = folderIn(this.drive, key, root);
    this.folders.set(key, folder);
    return folder;
  }

  /** The batch the next writes belong to (its 生成时间): a new batch refills combined Docs. */
  startBatch(id: string): void {
    this.batch = id;
  }

  /**
   * Fill and save the combined Docs this run wrote; at the end of a batch, trash parts it no
   * longer uses.
   */
  endRun(batchDone: boolean): void {
    const open = [...this.open.values()];
    this.open.clear();
    this.loaded.clear();
    for (const doc of open) {
      doc.gdoc?.saveAndClose();
      this.fill(doc.id, doc.sections);
    }
    const combine = this.options.combine;
    if (!combine || !batchDone) return;
    trashUnusedParts(this.drive, combine.store, this.touched, this.batch);
    this.touched.clear();
  }

  /**
   * The template Doc of `type`, read once per run: its placeholders checked against the
   * type's, its body's children copied (detached) for appending.
   */
  private template(type: string, year: number): LoadedTemplate {
    const known = this.loaded.get(type);
    if (known instanceof TemplateDocError) throw known;
    if (known) return known;
    const id = this.options.templates(type, year);
    const body = this.docs.openById(id).getBody();
    const name = `${ROOT_FOLDER_NAME}/模板/${type}`;
    const problem = placeholderProblem(
      type,
      name,
      tagsOf(body.getText()),
      SKELETONS[type as DocumentType],
      "请改回，或把该模板文档移到回收站以恢复内置模板",
    );
    if (problem) {
      const err = new TemplateDocError(`${problem}；${type}未生成`);
      this.loaded.set(type, err);
      throw err;
    }
    // Paragraphs, tables and list items (what a Body holds besides a table of contents).
    const t = this.docs.ElementType;
    const elements: LoadedTemplate["elements"] = [];
    for (let i = 0, n = body.getNumChildren(); i < n; i++) {
      const child = body.getChild(i);
      const kind = child.getType();
      elements.push(
        kind === t.TABLE
          ? { kind: "table", element: child.asTable().copy() }
          : kind === t.LIST_ITEM
            ? { kind: "listItem", element: child.asListItem().copy() }
            : { kind: "paragraph", element: child.asParagraph().copy() },
      );
    }
    const loaded = { id, elements };
    this.loaded.set(type, loaded);
    return loaded;
  }

  /**
   * Append a copy of the template's body to `body` (after a page break when it is not the
   * first); the children [from, to) it now occupies.
   */
  private append(body: GasBody, tpl: LoadedTemplate, pageBreak: boolean): [number, number] {
    if (pageBreak) body.appendPageBreak();
    const from = body.getNumChildren();
    for (const { kind, element } of tpl.elements) {
      if (kind === "paragraph") body.appendParagraph(element.copy());
      else if (kind === "table") body.appendTable(element.copy());
      else body.appendListItem(element.copy());
    }
    return [from, body.getNumChildren()];
  }

  /** Clear `body` and refill it with the template: the children the section occupies. */
  private refill(body: GasBody, tpl: LoadedTemplate): [number, number] {
    body.clear();
    const [from, to] = this.append(body, tpl, false);
    // A cleared body keeps one empty paragraph: removed once the others are in.
    body.getChild(0).removeFromParent();
    return [from - 1, to - 1];
  }

  /** One documents.get, then the batchUpdates that fill `sections`. */
  private fill(id: string, sections: FillSection[]): void {
    if (sections.length === 0) return;
    const api = this.docsApi;
    const content = api.Documents.get(id, { fields: "body.content" }).body?.content ?? [];
    for (const requests of chunks(fillRequests(content, sections), this.options.chunk)) {
      api.Documents.batchUpdate({ requests }, id);
    }
  }

  write(doc: DocumentModel, fileName: string, replaces: string | null): string {
    const fill = doc.template;
    if (!fill) throw new Error(`文档“${doc.title}”没有模板数据`);
    const year = doc.year ?? yearOf(doc.date);
    const tpl = this.template(fill.template, year);
    const unitFile = /^(\d{4})-([^-]+)-(.+?)(?:\.docx)?$/i.exec(fileName);
    // Forms of one unit combine; county-wide notices (numbered, circulated) stay one Doc each.
    if (this.options.combine && unitFile && doc.kind !== "notice" && unitFile[3] !== "全县") {
      return this.writeSection(
        tpl,
        fill,
        year,
        `${unitFile[1]}-${unitFile[2]}`,
        this.options.combine,
      );
    }
    const name = fileName.replace(/\.docx$/i, "");
    const folder = this.folderFor(year);
    let gdoc: GasDocument | null = null;
    if (replaces && /^https:\/\//.test(replaces)) {
      try {
        gdoc = this.docs.openByUrl(replaces);
      } catch {
        gdoc = null; // gone or not ours any more: write a new one
      }
    }
    let id: string;
    let url: string;
    let from = 0;
    let to = Infinity;
    if (gdoc) {
      gdoc.setName(name);
      [from, to] = this.refill(gdoc.getBody(), tpl);
      id = gdoc.getId();
      url = gdoc.getUrl();
      gdoc.saveAndClose();
    } else {
      id = this.copy(tpl.id, name, folder);
      url = docUrl(id);
    }
    this.fill(id, [{ from, to, data: fill.data, template: fill.template }]);
    if (this.options.pdf) this.savePdf(id, `${name}.pdf`, folder);
    return url;
  }

  /** A unit's document as the next section of its group's combined Doc. */
  private writeSection(
    tpl: LoadedTemplate,
    fill: NonNullable<DocumentModel["template"]>,
    year: number,
    key: string,
    combine: NonNullable<TemplateDocsSinkOptions["combine"]>,
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
    const section = (from: number, to: number): FillSection => ({
      from,
      to,
      data: fill.data,
      template: fill.template,
    });
    if (group.used === 0 || group.sections >= per) {
      // Start the next part: the Doc an earlier batch used for it, refilled, or a new copy.
      const index = group.used;
      const name = index === 0 ? `${key}-各单位` : `${key}-各单位-${index + 1}`;
      const earlier = group.parts[index];
      let open: OpenDoc | null = null;
      if (earlier) {
        try {
          const gdoc = this.docs.openByUrl(earlier);
          gdoc.setName(name);
          const body = gdoc.getBody();
          const [from, to] = this.refill(body, tpl);
          open = { id: gdoc.getId(), gdoc, body, sections: [section(from, to)] };
          group.parts[index] = earlier;
        } catch {
          open = null;
        }
      }
      if (open === null) {
        const id = this.copy(tpl.id, name, this.folderFor(year));
        open = { id, gdoc: null, body: null, sections: [section(0, Infinity)] };
        group.parts[index] = docUrl(id);
      }
      this.open.set(group.parts[index], open);
      group.used = index + 1;
      group.sections = 0;
    } else {
      const url = group.parts[group.used - 1];
      let open = this.open.get(url);
      if (!open) {
        const gdoc = this.docs.openByUrl(url);
        open = { id: gdoc.getId(), gdoc, body: null, sections: [] };
        this.open.set(url, open);
      }
      if (!open.gdoc) open.gdoc = this.docs.openById(open.id);
      if (!open.body) {
        open.body = open.gdoc.getBody();
        // A fresh copy's first section is the whole copied body.
        const first = open.sections[0];
        if (first && first.to === Infinity) first.to = open.body.getNumChildren();
      }
      const [from, to] = this.append(open.body, tpl, true);
      open.sections.push(section(from, to));
    }
    group.sections++;
    combine.store.set(COMBINED_KEY_PREFIX + key, JSON.stringify(group));
    return group.parts[group.used - 1];
  }

  /** A copy of the template Doc named `name` in `folder` (Drive files.copy). */
  private copy(templateId: string, name: string, folder: string): string {
    // files.copy answers the new file's resource; `fields: "id"` asks for its ID only.
    return this.drive.Files.copy({ name, parents: [folder] }, templateId, { fields: "id" }).id!;
  }

  /** The filled document as a PDF in `folder`; an earlier PDF of the same name goes to the trash. */
  private savePdf(documentId: string, pdfName: string, folder: string): void {
    for (const old of findByName(this.drive, pdfName, folder, PDF_MIME)) {
      if (old.id) trash(this.drive, old.id);
    }
    const blob = this.docs.openById(documentId).getAs(PDF_MIME).setName(pdfName);
    this.drive.Files.create(
      { name: pdfName, mimeType: PDF_MIME, parents: [folder] },
      blob as unknown as GoogleAppsScript.Base.BlobSource,
      { fields: "id" },
    );
  }
}
