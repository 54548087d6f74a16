/**
 * In-memory DocumentApp and Docs advanced service over the Drive fake (./drive.ts): exactly
 * what src/gas/docs.ts calls, with every call counted in `calls` ("Body.appendParagraph" → 12,
 * "Drive.Files.create" → 3, …). A document handle is closed by saveAndClose(): using it again
 * throws, as in Apps Script; getAs() gives the contents as last saved.
 */
import type {
  Attributes,
  DocsApiLike,
  DocumentAppLike,
  GasBlob,
  GasBody,
  GasDocument,
  GasParagraph,
  GasTable,
  GasTableCell,
  GasTableRow,
  GasText,
} from "../../src/gas/docs";
import type { DriveApiLike, DrivePermissionsLike } from "../../src/gas/drive";
import {
  DOCS_QUOTA_ERROR,
  FakeDrive,
  GOOGLE_DOC,
  type FakeDriveFile,
  type FakeDriveOptions,
} from "./drive";

export class CallLog {
  readonly calls = new Map<string, number>();
  hit(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }
  total(prefixes: string[] = []): number {
    let n = 0;
    for (const [k, v] of this.calls) {
      if (prefixes.length === 0 || prefixes.some((p) => k.startsWith(p))) n += v;
    }
    return n;
  }
  reset(): void {
    this.calls.clear();
  }
}

export interface FakeParagraph {
  type: "paragraph";
  text: string;
  attributes: Attributes;
}
export interface FakeTable {
  type: "table";
  cells: string[][];
  borderWidth: number | null;
  borderColor: string | null;
  columnWidths: Map<number, number>;
  textAttributes: Attributes;
  rowAttributes: Map<number, Attributes>;
  headerCellAttributes: Map<number, Attributes>;
}
export interface FakeRule {
  type: "rule";
}
export interface FakePageBreak {
  type: "pagebreak";
}
export type FakeElement = FakeParagraph | FakeTable | FakeRule | FakePageBreak;

export interface FakeDoc {
  id: string;
  name: string;
  url: string;
  page: Record<string, number>;
  elements: FakeElement[];
  saved: boolean;
  /** The elements as of the last saveAndClose (what getAs exports). */
  savedElements: FakeElement[];
}

const ATTRIBUTE_NAMES = [
  "FONT_FAMILY",
  "FONT_SIZE",
  "BOLD",
  "FOREGROUND_COLOR",
  "HORIZONTAL_ALIGNMENT",
  "LINE_SPACING",
  "SPACING_BEFORE",
  "SPACING_AFTER",
  "INDENT_FIRST_LINE",
  "INDENT_START",
  "INDENT_END",
] as const;

/** The whole fake Google: documents, Drive (./drive.ts), Docs API, one shared call log. */
export class FakeGoogle {
  readonly log = new CallLog();
  readonly docs = new Map<string, FakeDoc>();
  readonly drive: FakeDrive;
  readonly pinned: { documentId: string; requests: unknown[] }[] = [];
  private seq = 0;

  constructor(options: Omit<FakeDriveOptions, "onDocument"> = {}) {
    this.drive = new FakeDrive({ ...options, onDocument: (file) => this.addDoc(file) });
    const api = this.drive.api;
    const logged =
      <A extends unknown[], R>(name: string, fn: (...a: A) => R) =>
      (...args: A): R => {
        this.log.hit(name);
        return fn(...args);
      };
    this.driveApi = {
      Files: {
        list: logged("Drive.Files.list", api.Files.list),
        create: logged("Drive.Files.create", api.Files.create),
        update: logged("Drive.Files.update", api.Files.update),
        get: logged("Drive.Files.get", api.Files.get),
        copy: logged("Drive.Files.copy", api.Files.copy),
      },
      // Sharing a unit spreadsheet (src/gas/units.ts).
      Permissions: {
        create: logged("Drive.Permissions.create", api.Permissions.create),
      },
    };
  }

  /** The Drive advanced service over the fake Drive, its calls counted in `calls`. */
  readonly driveApi: DriveApiLike & { Permissions: DrivePermissionsLike };

  get calls(): Map<string, number> {
    return this.log.calls;
  }

  /** Google Docs created so far (what the daily "Documents created" quota counts). */
  get documentsCreated(): number {
    return [...this.drive.files.values()].filter((f) => f.mimeType === GOOGLE_DOC && f.byApp)
      .length;
  }

  /** The Drive file of a document. */
  file(id: string): FakeDriveFile {
    const file = this.drive.files.get(id);
    if (!file) throw new Error(`no Drive file ${id}`);
    return file;
  }

  private addDoc(file: FakeDriveFile): FakeDoc {
    const doc: FakeDoc = {
      id: file.id,
      name: file.name,
      url: `https://docs.google.com/document/d/${file.id}/edit`,
      page: {},
      elements: [{ type: "paragraph", text: "", attributes: {} }],
      saved: false,
      savedElements: [],
    };
    this.docs.set(file.id, doc);
    return doc;
  }

  private open(doc: FakeDoc | undefined): GasDocument {
    const file = doc ? this.drive.files.get(doc.id) : undefined;
    if (!doc || !file || file.trashed)
      throw new Error("Document is missing (perhaps it was deleted?)");
    doc.saved = false;
    return this.documentHandle(doc);
  }

  // ---- DocumentApp ----
  readonly documentApp: DocumentAppLike & { create(name: string): GasDocument } = {
    Attribute: Object.fromEntries(ATTRIBUTE_NAMES.map((n) => [n, n])) as Record<
      (typeof ATTRIBUTE_NAMES)[number],
      unknown
    >,
    HorizontalAlignment: { LEFT: "LEFT", CENTER: "CENTER", RIGHT: "RIGHT", JUSTIFY: "JUSTIFY" },
    create: (name: string): GasDocument => {
      this.log.hit("DocumentApp.create");
      if (this.drive.documentsLeft <= 0) throw new Error(DOCS_QUOTA_ERROR);
      this.drive.documentsLeft--;
      this.seq += 1;
      const file = this.drive.addAppFile(`doc${this.seq}`, name, GOOGLE_DOC);
      return this.documentHandle(this.addDoc(file));
    },
    openById: (id: string): GasDocument => {
      this.log.hit("DocumentApp.openById");
      return this.open(this.docs.get(id));
    },
    openByUrl: (url: string): GasDocument => {
      this.log.hit("DocumentApp.openByUrl");
      return this.open([...this.docs.values()].find((d) => d.url === url));
    },
  };

  private documentHandle(doc: FakeDoc): GasDocument {
    const log = this.log;
    let closed = false;
    const use = (name: string): void => {
      log.hit(name);
      if (closed) throw new Error("Document is closed, its contents cannot be updated.");
    };
    return {
      getId: () => (use("Document.getId"), doc.id),
      getUrl: () => (use("Document.getUrl"), doc.url),
      setName: (name: string) => {
        use("Document.setName");
        doc.name = name;
        const file = this.drive.files.get(doc.id);
        if (file) file.name = name;
      },
      saveAndClose: () => {
        use("Document.saveAndClose");
        doc.saved = true;
        doc.savedElements = doc.elements.slice();
        closed = true;
      },
      getBody: () => (use("Document.getBody"), this.bodyHandle(doc)),
      getAs: (contentType: string) => {
        use("Document.getAs");
        if (contentType !== "application/pdf")
          throw new Error(`fake: cannot export ${contentType}`);
        return new FakeBlob(contentType, `${doc.name}.pdf`, doc.savedElements.length);
      },
    };
  }

  private paragraphHandle(doc: FakeDoc, p: FakeParagraph): GasParagraph {
    const log = this.log;
    return {
      setAttributes: (a: Attributes) => {
        log.hit("Paragraph.setAttributes");
        Object.assign(p.attributes, a);
      },
      removeFromParent: () => {
        log.hit("Paragraph.removeFromParent");
        const i = doc.elements.indexOf(p);
        if (i < 0) throw new Error("element has no parent");
        if (doc.elements.filter((e) => e.type === "paragraph").length === 1) {
          throw new Error("Can't remove the last paragraph in a document section.");
        }
        doc.elements.splice(i, 1);
      },
    };
  }

  private bodyHandle(doc: FakeDoc): GasBody {
    const log = this.log;
    const page = (key: string) => (value: number) => {
      log.hit(`Body.set${key}`);
      doc.page[key] = value;
    };
    return {
      setPageWidth: page("PageWidth"),
      setPageHeight: page("PageHeight"),
      setMarginTop: page("MarginTop"),
      setMarginBottom: page("MarginBottom"),
      setMarginLeft: page("MarginLeft"),
      setMarginRight: page("MarginRight"),
      clear: () => {
        log.hit("Body.clear");
        doc.elements = [{ type: "paragraph", text: "", attributes: {} }];
      },
      getParagraphs: () => {
        log.hit("Body.getParagraphs");
        return doc.elements
          .filter((e): e is FakeParagraph => e.type === "paragraph")
          .map((p) => this.paragraphHandle(doc, p));
      },
      appendParagraph: (text: string) => {
        log.hit("Body.appendParagraph");
        const p: FakeParagraph = { type: "paragraph", text, attributes: {} };
        doc.elements.push(p);
        return this.paragraphHandle(doc, p);
      },
      appendHorizontalRule: () => {
        log.hit("Body.appendHorizontalRule");
        doc.elements.push({ type: "rule" });
      },
      appendPageBreak: () => {
        log.hit("Body.appendPageBreak");
        doc.elements.push({ type: "pagebreak" });
      },
      appendTable: (cells: string[][]) => {
        log.hit("Body.appendTable");
        const t: FakeTable = {
          type: "table",
          cells: cells.map((r) => [...r]),
          borderWidth: null,
          borderColor: null,
          columnWidths: new Map(),
          textAttributes: {},
          rowAttributes: new Map(),
          headerCellAttributes: new Map(),
        };
        doc.elements.push(t);
        // Docs keeps a paragraph after a table.
        doc.elements.push({ type: "paragraph", text: "", attributes: {} });
        return this.tableHandle(t);
      },
    };
  }

  private tableHandle(t: FakeTable): GasTable {
    const log = this.log;
    const text = (target: Attributes, name: string): GasText => ({
      setAttributes: (a: Attributes) => {
        log.hit(`${name}.setAttributes`);
        Object.assign(target, a);
      },
    });
    return {
      setBorderWidth: (w: number) => (log.hit("Table.setBorderWidth"), (t.borderWidth = w)),
      setBorderColor: (c: string) => (log.hit("Table.setBorderColor"), (t.borderColor = c)),
      setColumnWidth: (i: number, w: number) => {
        log.hit("Table.setColumnWidth");
        if (i >= t.cells[0].length) throw new Error("column index out of range");
        t.columnWidths.set(i, w);
      },
      editAsText: () => (log.hit("Table.editAsText"), text(t.textAttributes, "Text")),
      getRow: (r: number): GasTableRow => {
        log.hit("Table.getRow");
        if (r >= t.cells.length) throw new Error("row index out of range");
        return {
          editAsText: () => {
            log.hit("TableRow.editAsText");
            if (!t.rowAttributes.has(r)) t.rowAttributes.set(r, {});
            return text(t.rowAttributes.get(r)!, "Text");
          },
          getCell: (c: number): GasTableCell => {
            log.hit("TableRow.getCell");
            return {
              getChild: () => {
                log.hit("TableCell.getChild");
                return {
                  asParagraph: () => {
                    log.hit("Element.asParagraph");
                    return {
                      setAttributes: (a: Attributes) => {
                        log.hit("Paragraph.setAttributes");
                        if (r === 0) {
                          t.headerCellAttributes.set(c, {
                            ...(t.headerCellAttributes.get(c) ?? {}),
                            ...a,
                          });
                        }
                      },
                      removeFromParent: () => {
                        throw new Error("not used");
                      },
                    };
                  },
                };
              },
            };
          },
        };
      },
    };
  }

  // ---- Docs advanced service ----
  readonly docsApi: DocsApiLike = {
    Documents: {
      get: (documentId: string) => {
        this.log.hit("Docs.Documents.get");
        const doc = this.docs.get(documentId);
        if (!doc) throw new Error("not found");
        // Start indexes as the Docs API counts them: text length + 1 per paragraph, 1 per rule.
        let index = 1;
        const content: { startIndex: number; table?: unknown }[] = [];
        for (const el of doc.elements) {
          if (el.type === "table") {
            content.push({ startIndex: index, table: { rows: el.cells.length } });
            index +=
              1 + el.cells.reduce((a, r) => a + 1 + r.reduce((b, c) => b + c.length + 2, 0), 0);
          } else {
            content.push({ startIndex: index });
            index += el.type === "paragraph" ? el.text.length + 1 : 2;
          }
        }
        return { body: { content } };
      },
      batchUpdate: (request: { requests: unknown[] }, documentId: string) => {
        this.log.hit("Docs.Documents.batchUpdate");
        this.pinned.push({ documentId, requests: request.requests });
        return {};
      },
    },
  };

  /** The Drive path of a document's folder, e.g. 干部关怀激励文档/2027. */
  folderOf(id: string): string {
    const parent = this.file(id).parents[0];
    return parent ? this.drive.path(parent) : "";
  }
}

export class FakeBlob implements GasBlob {
  constructor(
    readonly contentType: string,
    public name: string,
    /** How many elements the exported document had when it was last saved. */
    readonly elements: number,
  ) {}
  setName(name: string): GasBlob {
    this.name = name;
    return this;
  }
  getName(): string {
    return this.name;
  }
  getContentType(): string {
    return this.contentType;
  }
}
