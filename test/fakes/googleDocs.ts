/**
 * In-memory DocumentApp and Docs advanced service over the Drive fake (./drive.ts), both on one
 * document model (./docsApi.ts: paragraphs of styled text runs, tables), so a test sees
 * DocumentApp's appends and the Docs API's edits on the same document: exactly what
 * src/gas/docs.ts calls, with every call counted in `calls` ("Body.appendParagraph" → 12,
 * "Docs.Documents.batchUpdate" → 3, …).
 *
 * DocumentApp as its reference describes it (https://developers.google.com/apps-script/reference/document/body):
 * - Body.clear() leaves one empty paragraph ("Can't remove the last paragraph in a document
 *   section" when removing it alone);
 * - Element.copy() "Returns a detached, deep copy of the current element"; appendParagraph /
 *   appendTable / appendListItem take a detached element and attach it (appending it again
 *   throws "Element must be detached.");
 * - appendPageBreak() "Creates and appends a new PageBreak", inside a new paragraph;
 * - a document handle is closed by saveAndClose(): using it again throws, as in Apps Script.
 * A Google Doc converted from a .docx (`converted` on the Drive file) starts with its blocks; a
 * copy (Drive.Files.copy) with a deep copy of its source's body.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type {
  DocsApiLike,
  DocumentAppLike,
  GasBlob,
  GasBody,
  GasCopyable,
  GasDocument,
  GasElement,
} from "../../src/gas/templateSink";
import type { DriveApiLike, DrivePermissionsLike } from "../../src/gas/drive";
import {
  DOCS_QUOTA_ERROR,
  DOCX,
  FakeDrive,
  GOOGLE_DOC,
  type FakeDriveFile,
  type FakeDriveOptions,
} from "./drive";
import { DocsView, cloneElement, fromBlocks, paragraph, textOf, type FakeElement } from "./docsApi";
import { newBlob } from "./utilities";

export type { FakeElement, FakeParagraph } from "./docsApi";

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

export interface FakeDoc {
  id: string;
  name: string;
  url: string;
  elements: FakeElement[];
  saved: boolean;
}

/** An element's text as Body.getText shows it: paragraphs and cells one a line. */
export function elementText(e: FakeElement): string {
  return e.type === "paragraph"
    ? textOf(e)
    : e.rows.map((r) => r.map((c) => c.paragraphs.map(textOf).join("\n")).join("\n")).join("\n");
}

const ELEMENT_TYPES = { PARAGRAPH: "PARAGRAPH", TABLE: "TABLE", LIST_ITEM: "LIST_ITEM" } as const;

const typeOf = (e: FakeElement): string =>
  e.type === "table" ? "TABLE" : e.listItem ? "LIST_ITEM" : "PARAGRAPH";

/** An element handle; `attached` false for a detached copy. */
class Handle implements GasElement, GasCopyable {
  constructor(
    private readonly log: CallLog,
    readonly node: FakeElement,
    public attached: FakeElement[] | null,
  ) {}
  getType(): string {
    this.log.hit("Element.getType");
    return typeOf(this.node);
  }
  private as(kind: string, name: string): Handle {
    this.log.hit(`Element.${name}`);
    if (typeOf(this.node) !== kind) throw new Error(`Cannot cast ${typeOf(this.node)} to ${kind}`);
    return this;
  }
  asParagraph(): Handle {
    return this.as("PARAGRAPH", "asParagraph");
  }
  asTable(): Handle {
    return this.as("TABLE", "asTable");
  }
  asListItem(): Handle {
    return this.as("LIST_ITEM", "asListItem");
  }
  copy(): Handle {
    this.log.hit(`${typeOf(this.node)}.copy`);
    return new Handle(this.log, cloneElement(this.node), null);
  }
  removeFromParent(): void {
    this.log.hit("Element.removeFromParent");
    const list = this.attached;
    const i = list ? list.indexOf(this.node) : -1;
    if (!list || i < 0) throw new Error("Element has no parent");
    if (this.node.type === "paragraph" && list.filter((e) => e.type === "paragraph").length === 1) {
      throw new Error("Can't remove the last paragraph in a document section.");
    }
    list.splice(i, 1);
    this.attached = null;
  }
}

/** The whole fake Google: documents, Drive (./drive.ts), Docs API, one shared call log. */
export class FakeGoogle {
  readonly log = new CallLog();
  readonly docs = new Map<string, FakeDoc>();
  readonly drive: FakeDrive;
  /** The size of every batchUpdate sent, by document. */
  readonly batches: { documentId: string; requests: number }[] = [];
  private seq = 0;

  constructor(options: Omit<FakeDriveOptions, "onDocument"> = {}) {
    this.drive = new FakeDrive({
      ...options,
      onDocument: (file, source) => this.addDoc(file, source),
    });
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

  /** Google Docs created so far, by create or copy (what the daily "Documents created" quota counts). */
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

  /** A document by link. */
  byUrl(url: string): FakeDoc {
    const doc = [...this.docs.values()].find((d) => d.url === url);
    if (!doc) throw new Error(`no document ${url}`);
    return doc;
  }

  private addDoc(file: FakeDriveFile, source?: FakeDriveFile): FakeDoc {
    const from = source ? this.docs.get(source.id) : undefined;
    const elements = from
      ? from.elements.map(cloneElement)
      : file.converted
        ? fromBlocks(file.converted)
        : [paragraph("")];
    const doc: FakeDoc = {
      id: file.id,
      name: file.name,
      url: `https://docs.google.com/document/d/${file.id}/edit`,
      elements,
      saved: true,
    };
    this.docs.set(file.id, doc);
    return doc;
  }

  /**
   * Template Google Docs made the way src/gas/templateDocs.ts makes them (a converting
   * Drive.Files.create of templates/<类型>.docx, which counts as a created Doc), once per type:
   * the resolver the sink takes. `edit` may change a template's body after its creation.
   */
  templates(edit?: (type: string, doc: FakeDoc) => void): (type: string) => string {
    const ids = new Map<string, string>();
    return (type) => {
      let id = ids.get(type);
      if (!id) {
        const bytes = [
          ...readFileSync(path.join(__dirname, "..", "..", "templates", `${type}.docx`)),
        ];
        id = this.drive.api.Files.create(
          { name: type, mimeType: GOOGLE_DOC },
          newBlob(bytes, DOCX, `${type}.docx`) as unknown as GoogleAppsScript.Base.BlobSource,
        ).id!;
        ids.set(type, id);
        edit?.(type, this.docs.get(id)!);
      }
      return id;
    };
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
    ElementType: ELEMENT_TYPES,
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
        closed = true;
      },
      getBody: () => (use("Document.getBody"), this.bodyHandle(doc, () => closed)),
      getAs: (contentType: string) => {
        use("Document.getAs");
        if (contentType !== "application/pdf")
          throw new Error(`fake: cannot export ${contentType}`);
        return new FakeBlob(contentType, `${doc.name}.pdf`, doc.elements.length);
      },
    };
  }

  private bodyHandle(doc: FakeDoc, closed: () => boolean): GasBody {
    const log = this.log;
    const use = (name: string): void => {
      log.hit(name);
      if (closed()) throw new Error("Document is closed, its contents cannot be updated.");
    };
    const attach = (name: string, kind: string) => (element: GasCopyable) => {
      use(name);
      const h = element as Handle;
      if (!(h instanceof Handle)) throw new Error(`${name}: not an element`);
      if (h.attached) throw new Error("Element must be detached.");
      if (typeOf(h.node) !== kind) throw new Error(`${name}: a ${typeOf(h.node)}`);
      doc.elements.push(h.node);
      h.attached = doc.elements;
      return h;
    };
    return {
      clear: () => {
        use("Body.clear");
        doc.elements = [paragraph("")];
      },
      getNumChildren: () => (use("Body.getNumChildren"), doc.elements.length),
      getChild: (i: number) => {
        use("Body.getChild");
        const node = doc.elements[i];
        if (!node)
          throw new Error(`Child index (${i}) must be less than the number of child elements`);
        return new Handle(log, node, doc.elements);
      },
      getText: () => (use("Body.getText"), doc.elements.map(elementText).join("\n")),
      appendParagraph: attach("Body.appendParagraph", "PARAGRAPH"),
      appendTable: attach("Body.appendTable", "TABLE"),
      appendListItem: attach("Body.appendListItem", "LIST_ITEM"),
      appendPageBreak: () => {
        use("Body.appendPageBreak");
        doc.elements.push({ ...paragraph(""), pageBreak: true });
      },
    };
  }

  // ---- Docs advanced service ----
  readonly docsApi: DocsApiLike = {
    Documents: {
      get: (documentId: string) => {
        this.log.hit("Docs.Documents.get");
        const doc = this.docs.get(documentId);
        if (!doc) throw new Error("Requested entity was not found.");
        return { body: { content: new DocsView(() => doc.elements).content() } };
      },
      batchUpdate: (request: { requests: unknown[] }, documentId: string) => {
        this.log.hit("Docs.Documents.batchUpdate");
        const doc = this.docs.get(documentId);
        if (!doc) throw new Error("Requested entity was not found.");
        this.batches.push({ documentId, requests: request.requests.length });
        new DocsView(() => doc.elements).apply(request.requests as Record<string, unknown>[]);
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
    /** How many elements the exported document had. */
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
