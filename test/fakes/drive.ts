/**
 * An in-memory Drive advanced service (v3, the global `Drive`): Files.create / list / get /
 * update with the behaviour the project depends on, as the Drive API reference describes it
 * (https://developers.google.com/drive/api/reference/rest/v3/files):
 *
 * - Under the `drive.file` scope the script sees only the files it created itself (or that the
 *   user opened with it): other files are absent from list results, and get/update answer
 *   "File not found" (https://developers.google.com/drive/api/guides/api-specific-auth).
 *   `addUserFile` puts a file there the way a person would (invisible to the script); `fullDrive`
 *   switches to the full `drive` scope.
 * - list understands the query terms the project writes (name =, mimeType =, 'id' in parents,
 *   trashed = false, joined by and) and refuses any other syntax, so a query the fake cannot
 *   evaluate fails the test instead of matching everything.
 * - Creating a Google Doc counts against "Documents created" (250 a day for a consumer account,
 *   1,500 for Google Workspace: https://developers.google.com/apps-script/guides/services/quotas);
 *   past it, create throws "Service invoked too many times for one day: docs create.".
 * - Files are never deleted, only trashed, as the project does it (tests may `files.delete` one,
 *   as a person emptying the trash: get then answers "File not found").
 * - Import: "If a file is created with a Google Doc MIME type, the uploaded content is imported,
 *   if possible" (https://developers.google.com/drive/api/reference/rest/v3/files, mimeType;
 *   the same words in pub.dev's generated drive_v3 File.mimeType). A .docx blob created as a
 *   Google Doc is converted: `converted` holds the text Google Docs would show, read from the
 *   .docx's word/document.xml (./docxText.ts), which the fake Docs build their document from.
 *   Any other upload as a Google Doc is refused (the fake does not model other imports).
 * - get honours `fields` (a comma list of top-level fields): only those are returned.
 *
 * Errors carry Apps Script's wording for a failed advanced-service call:
 * "API call to drive.files.get failed with error: File not found: ID".
 *
 * Engineers building on this (units spreadsheets, sharing) add methods here, with the reference.
 */
import type { DriveApiLike, DriveFileResource, DrivePermissionsLike } from "../../src/gas/drive";
import { type ConvertedBlock, docxText } from "./docxText";

export const FOLDER = "application/vnd.google-apps.folder";
export const GOOGLE_DOC = "application/vnd.google-apps.document";
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export interface FakeDriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  trashed: boolean;
  /** Created through this script (visible under drive.file). */
  byApp: boolean;
  /** The uploaded content's description (a blob's name and type), if any. */
  content: string | null;
  /** A Google Doc imported from a .docx: its paragraphs' text and its tables' cell texts. */
  converted: ConvertedBlock[] | null;
}

/** The daily quotas the fakes enforce (per user, reset 24 h after the first request). */
export const QUOTAS = {
  consumer: { documentsCreated: 250, emailRecipients: 100, triggerRuntimeMs: 90 * 60_000 },
  workspace: { documentsCreated: 1500, emailRecipients: 1500, triggerRuntimeMs: 6 * 3_600_000 },
} as const;
export type AccountType = keyof typeof QUOTAS;

export const DOCS_QUOTA_ERROR = "Service invoked too many times for one day: docs create.";

export interface FakeDriveOptions {
  /** Documents this account may still create today (default: the Workspace quota). */
  documentsLeft?: number;
  /** Called when a Google Doc is created (or copied from `source`), so the DocumentApp fake can open it. */
  onDocument?: (file: FakeDriveFile, source?: FakeDriveFile) => void;
}

const TERM_PATTERNS: [RegExp, (f: FakeDriveFile, value: string) => boolean][] = [
  [/^name = '((?:[^'\\]|\\.)*)'$/, (f, v) => f.name === v],
  [/^mimeType = '((?:[^'\\]|\\.)*)'$/, (f, v) => f.mimeType === v],
  [/^'((?:[^'\\]|\\.)*)' in parents$/, (f, v) => f.parents.includes(v)],
  [/^trashed = (false|true)$/, (f, v) => f.trashed === (v === "true")],
];

const unescape = (s: string): string => s.replace(/\\(.)/g, "$1");

/** A permission as Drive.Permissions.create records it (https://developers.google.com/drive/api/reference/rest/v3/permissions/create). */
export interface FakePermission {
  role: string;
  type: string;
  emailAddress?: string;
  /** The notification e-mail's text, when one was asked for. */
  notified: string | null;
}

export class FakeDrive {
  readonly files = new Map<string, FakeDriveFile>();
  /** Permissions by file id (Drive.Permissions.create). */
  readonly permissions = new Map<string, FakePermission[]>();
  readonly calls = new Map<string, number>();
  /** false: drive.file (the default, as the manifest asks); true: the full drive scope. */
  fullDrive = false;
  documentsLeft: number;
  /** Runs after each file is created (e.g. to start another execution meanwhile). */
  afterCreate: ((file: FakeDriveFile) => void) | null = null;
  private seq = 0;

  constructor(private readonly options: FakeDriveOptions = {}) {
    this.documentsLeft = options.documentsLeft ?? QUOTAS.workspace.documentsCreated;
  }

  private hit(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }

  private visible(file: FakeDriveFile | undefined): file is FakeDriveFile {
    return !!file && (this.fullDrive || file.byApp);
  }

  private notFound(method: string, id: string): Error {
    return new Error(`API call to drive.files.${method} failed with error: File not found: ${id}.`);
  }

  private resource(file: FakeDriveFile): DriveFileResource {
    return {
      id: file.id,
      name: file.name,
      mimeType: file.mimeType,
      parents: [...file.parents],
      trashed: file.trashed,
    };
  }

  private add(
    name: string,
    mimeType: string,
    parents: string[],
    byApp: boolean,
    id?: string,
  ): FakeDriveFile {
    const file: FakeDriveFile = {
      id: id ?? `${mimeType === FOLDER ? "folder" : "file"}${++this.seq}`,
      name,
      mimeType,
      parents: parents.length ? parents : ["root"],
      trashed: false,
      byApp,
      content: null,
      converted: null,
    };
    this.files.set(file.id, file);
    return file;
  }

  /** A file a person made in the Drive UI: the script cannot see it under drive.file. */
  addUserFile(name: string, mimeType: string, parents: string[] = ["root"]): FakeDriveFile {
    return this.add(name, mimeType, parents, false);
  }

  /** Register a file created by another path of this script (DocumentApp.create). */
  addAppFile(id: string, name: string, mimeType: string): FakeDriveFile {
    return this.add(name, mimeType, ["root"], true, id);
  }

  /** Test helper: the path of names from My Drive, e.g. 干部关怀激励文档/2027. */
  path(id: string): string {
    const names: string[] = [];
    let cur = this.files.get(id);
    while (cur) {
      names.unshift(cur.name);
      cur = cur.parents[0] ? this.files.get(cur.parents[0]) : undefined;
    }
    return names.join("/");
  }

  /** Test helper: the live files of a type. */
  live(mimeType?: string): FakeDriveFile[] {
    return [...this.files.values()].filter(
      (f) => !f.trashed && (mimeType === undefined || f.mimeType === mimeType),
    );
  }

  private matcher(q: string): (f: FakeDriveFile) => boolean {
    const tests = q.split(" and ").map((term) => {
      for (const [pattern, test] of TERM_PATTERNS) {
        const m = pattern.exec(term.trim());
        if (m) return (f: FakeDriveFile) => test(f, unescape(m[1]));
      }
      throw new Error(`fake Drive: query term not understood: ${term}`);
    });
    return (f) => tests.every((t) => t(f));
  }

  readonly api: DriveApiLike & { Permissions: DrivePermissionsLike } = {
    // Under drive.file a permission can be added only to a file the script created.
    Permissions: {
      create: (resource, fileId, optionalArgs = {}) => {
        this.hit("Drive.Permissions.create");
        const file = this.files.get(fileId);
        if (!this.visible(file)) {
          throw new Error(
            `API call to drive.permissions.create failed with error: File not found: ${fileId}.`,
          );
        }
        if (
          resource.type === "user" &&
          !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(resource.emailAddress ?? "")
        ) {
          throw new Error(
            "API call to drive.permissions.create failed with error: Invalid sharing request. A user or group permission requires an email address.",
          );
        }
        const list = this.permissions.get(fileId) ?? [];
        list.push({
          role: resource.role,
          type: resource.type,
          ...(resource.emailAddress ? { emailAddress: resource.emailAddress } : {}),
          notified:
            optionalArgs.sendNotificationEmail === false ? null : (optionalArgs.emailMessage ?? ""),
        });
        this.permissions.set(fileId, list);
        return { id: `perm${list.length}`, role: resource.role, type: resource.type };
      },
    },
    Files: {
      list: (optionalArgs = {}) => {
        this.hit("Drive.Files.list");
        const match = optionalArgs.q ? this.matcher(optionalArgs.q) : () => true;
        const files = [...this.files.values()].filter((f) => this.visible(f) && match(f));
        return { files: files.map((f) => this.resource(f)) };
      },
      create: (resource, mediaData, _optionalArgs) => {
        this.hit("Drive.Files.create");
        const mimeType =
          resource.mimeType ??
          (mediaData as { getContentType?: () => string } | null)?.getContentType?.() ??
          "application/octet-stream";
        for (const parent of resource.parents ?? []) {
          if (parent !== "root" && !this.visible(this.files.get(parent))) {
            throw this.notFound("create", parent);
          }
        }
        const blob = mediaData as {
          getName?: () => string | null;
          getContentType?: () => string | null;
          getBytes?: () => number[];
        } | null;
        let converted: ConvertedBlock[] | null = null;
        if (mimeType === GOOGLE_DOC && blob) {
          const type = blob.getContentType?.();
          if (type !== DOCX || !blob.getBytes) {
            throw new Error(`fake Drive: importing ${type} as a Google Doc is not modelled`);
          }
          converted = docxText(Buffer.from(blob.getBytes().map((b) => b & 0xff)));
        }
        if (mimeType === GOOGLE_DOC) {
          if (this.documentsLeft <= 0) throw new Error(DOCS_QUOTA_ERROR);
          this.documentsLeft--;
        }
        const file = this.add(resource.name ?? "Untitled", mimeType, resource.parents ?? [], true);
        file.converted = converted;
        if (blob) file.content = `${blob.getName?.() ?? ""} (${blob.getContentType?.() ?? ""})`;
        if (mimeType === GOOGLE_DOC) this.options.onDocument?.(file);
        this.afterCreate?.(file);
        return this.resource(file);
      },
      update: (resource, fileId, _mediaData, optionalArgs = {}) => {
        this.hit("Drive.Files.update");
        const file = this.files.get(fileId);
        if (!this.visible(file)) throw this.notFound("update", fileId);
        if (resource.name !== undefined) file.name = resource.name;
        if (resource.trashed !== undefined) file.trashed = resource.trashed;
        if (optionalArgs.removeParents) {
          const gone = optionalArgs.removeParents.split(",");
          file.parents = file.parents.filter((p) => !gone.includes(p));
        }
        if (optionalArgs.addParents) file.parents.push(...optionalArgs.addParents.split(","));
        return this.resource(file);
      },
      // files.copy (https://developers.google.com/drive/api/reference/rest/v3/files/copy):
      // "Creates a copy of a file and applies any requested updates with patch semantics"; the
      // request body is a File (name, parents). Under drive.file the script may copy a file it
      // created (it can read it); the copy is a new file the script created. A Google Doc made
      // by copying counts against "Documents created" like one made by create.
      copy: (resource, fileId, _optionalArgs) => {
        this.hit("Drive.Files.copy");
        const source = this.files.get(fileId);
        if (!this.visible(source) || source.trashed) throw this.notFound("copy", fileId);
        for (const parent of resource.parents ?? []) {
          if (parent !== "root" && !this.visible(this.files.get(parent))) {
            throw this.notFound("copy", parent);
          }
        }
        if (source.mimeType === GOOGLE_DOC) {
          if (this.documentsLeft <= 0) throw new Error(DOCS_QUOTA_ERROR);
          this.documentsLeft--;
        }
        const file = this.add(
          resource.name ?? `Copy of ${source.name}`,
          source.mimeType,
          resource.parents ?? source.parents,
          true,
        );
        file.content = source.content;
        file.converted = source.converted;
        if (source.mimeType === GOOGLE_DOC) this.options.onDocument?.(file, source);
        this.afterCreate?.(file);
        return this.resource(file);
      },
      get: (fileId, optionalArgs = {}) => {
        this.hit("Drive.Files.get");
        const file = this.files.get(fileId);
        if (!this.visible(file)) throw this.notFound("get", fileId);
        const all = this.resource(file);
        if (!optionalArgs.fields) return all;
        const out: Record<string, unknown> = {};
        for (const field of optionalArgs.fields.split(",").map((f) => f.trim())) {
          if (!(field in all)) throw new Error(`fake Drive: field ${field} is not modelled`);
          out[field] = all[field as keyof DriveFileResource];
        }
        return out as DriveFileResource;
      },
    },
  };
}
