/**
 * In-memory DocumentApp, DriveApp and Docs advanced service: exactly what src/gas/docs.ts
 * calls, with every call counted in `calls` ("Body.appendParagraph" → 12, …).
 */
import type {
  Attributes,
  DocsApiLike,
  DocumentAppLike,
  DriveAppLike,
  GasBlob,
  GasBody,
  GasDocument,
  GasFile,
  GasFolder,
  GasIterator,
  GasParagraph,
  GasTable,
  GasTableCell,
  GasTableRow,
  GasText,
} from "../../src/gas/docs";

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
export type FakeElement = FakeParagraph | FakeTable | FakeRule;

export interface FakeDoc {
  id: string;
  name: string;
  url: string;
  page: Record<string, number>;
  elements: FakeElement[];
  saved: boolean;
}

export interface FakeDriveFile {
  id: string;
  name: string;
  mimeType: string;
  parentId: string | null;
  trashed: boolean;
}
export interface FakeDriveFolder {
  id: string;
  name: string;
  parentId: string | null;
  trashed: boolean;
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

function iterator<T>(items: T[]): GasIterator<T> {
  let i = 0;
  return { hasNext: () => i < items.length, next: () => items[i++] };
}

/** The whole fake Google: documents, Drive, Docs API, one shared call log. */
export class FakeGoogle {
  readonly log = new CallLog();
  readonly docs = new Map<string, FakeDoc>();
  readonly files = new Map<string, FakeDriveFile>();
  readonly folders = new Map<string, FakeDriveFolder>();
  readonly pinned: { documentId: string; requests: unknown[] }[] = [];
  private seq = 0;

  get calls(): Map<string, number> {
    return this.log.calls;
  }

  private nextId(kind: string): string {
    this.seq += 1;
    return `${kind}${this.seq}`;
  }

  // ---- DocumentApp ----
  readonly documentApp: DocumentAppLike = {
    Attribute: Object.fromEntries(ATTRIBUTE_NAMES.map((n) => [n, n])) as Record<
      (typeof ATTRIBUTE_NAMES)[number],
      unknown
    >,
    HorizontalAlignment: { LEFT: "LEFT", CENTER: "CENTER", RIGHT: "RIGHT", JUSTIFY: "JUSTIFY" },
    create: (name: string): GasDocument => {
      this.log.hit("DocumentApp.create");
      const id = this.nextId("doc");
      const doc: FakeDoc = {
        id,
        name,
        url: `https://docs.google.com/document/d/${id}/edit`,
        page: {},
        elements: [{ type: "paragraph", text: "", attributes: {} }],
        saved: false,
      };
      this.docs.set(id, doc);
      this.files.set(id, {
        id,
        name,
        mimeType: "application/vnd.google-apps.document",
        parentId: null,
        trashed: false,
      });
      return this.documentHandle(doc);
    },
    openByUrl: (url: string): GasDocument => {
      this.log.hit("DocumentApp.openByUrl");
      const doc = [...this.docs.values()].find((d) => d.url === url);
      const file = doc ? this.files.get(doc.id) : undefined;
      if (!doc || !file || file.trashed)
        throw new Error("Document is missing (perhaps it was deleted?)");
      doc.saved = false;
      return this.documentHandle(doc);
    },
  };

  private documentHandle(doc: FakeDoc): GasDocument {
    const log = this.log;
    return {
      getId: () => (log.hit("Document.getId"), doc.id),
      getUrl: () => (log.hit("Document.getUrl"), doc.url),
      setName: (name: string) => {
        log.hit("Document.setName");
        doc.name = name;
        const file = this.files.get(doc.id);
        if (file) file.name = name;
      },
      saveAndClose: () => {
        log.hit("Document.saveAndClose");
        doc.saved = true;
      },
      getBody: () => (log.hit("Document.getBody"), this.bodyHandle(doc)),
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

  // ---- DriveApp ----
  private folderHandle(f: FakeDriveFolder): GasFolder {
    const log = this.log;
    return {
      getId: () => (log.hit("Folder.getId"), f.id),
      isTrashed: () => (log.hit("Folder.isTrashed"), f.trashed),
      getFoldersByName: (name: string) => {
        log.hit("Folder.getFoldersByName");
        return iterator(
          [...this.folders.values()]
            .filter((x) => x.parentId === f.id && x.name === name)
            .map((x) => this.folderHandle(x)),
        );
      },
      createFolder: (name: string) => {
        log.hit("Folder.createFolder");
        return this.folderHandle(this.addFolder(name, f.id));
      },
      getFilesByName: (name: string) => {
        log.hit("Folder.getFilesByName");
        return iterator(
          [...this.files.values()]
            .filter((x) => x.parentId === f.id && x.name === name && !x.trashed)
            .map((x) => this.fileHandle(x)),
        );
      },
      createFile: (blob: GasBlob) => {
        log.hit("Folder.createFile");
        const b = blob as FakeBlob;
        const id = this.nextId("file");
        const file: FakeDriveFile = {
          id,
          name: b.name,
          mimeType: b.contentType,
          parentId: f.id,
          trashed: false,
        };
        this.files.set(id, file);
        return this.fileHandle(file);
      },
    };
  }

  private fileHandle(file: FakeDriveFile): GasFile {
    const log = this.log;
    return {
      getId: () => (log.hit("File.getId"), file.id),
      isTrashed: () => (log.hit("File.isTrashed"), file.trashed),
      setTrashed: (trashed: boolean) => (log.hit("File.setTrashed"), (file.trashed = trashed)),
      moveTo: (folder: GasFolder) => {
        log.hit("File.moveTo");
        file.parentId = folder.getId();
      },
      getAs: (contentType: string) => {
        log.hit("File.getAs");
        return new FakeBlob(contentType, `${file.name}.${contentType.split("/")[1]}`);
      },
    };
  }

  addFolder(name: string, parentId: string | null): FakeDriveFolder {
    const folder: FakeDriveFolder = { id: this.nextId("folder"), name, parentId, trashed: false };
    this.folders.set(folder.id, folder);
    return folder;
  }

  readonly driveApp: DriveAppLike = {
    getFoldersByName: (name: string) => {
      this.log.hit("DriveApp.getFoldersByName");
      return iterator(
        [...this.folders.values()]
          .filter((x) => x.name === name && x.parentId === null)
          .map((x) => this.folderHandle(x)),
      );
    },
    createFolder: (name: string) => {
      this.log.hit("DriveApp.createFolder");
      return this.folderHandle(this.addFolder(name, null));
    },
    getFileById: (id: string) => {
      this.log.hit("DriveApp.getFileById");
      const file = this.files.get(id);
      if (!file) throw new Error(`No item with the given ID could be found: ${id}`);
      return this.fileHandle(file);
    },
  };

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

  /** The path of a folder by names, e.g. 干部关怀激励文档/2027. */
  folderPath(id: string | null): string {
    const names: string[] = [];
    let cur = id ? this.folders.get(id) : undefined;
    while (cur) {
      names.unshift(cur.name);
      cur = cur.parentId ? this.folders.get(cur.parentId) : undefined;
    }
    return names.join("/");
  }
}

class FakeBlob implements GasBlob {
  constructor(
    readonly contentType: string,
    public name: string,
  ) {}
  setName(name: string): GasBlob {
    this.name = name;
    return this;
  }
}
