/**
 * The template Google Docs of 生成文档: one editable Google Doc per document type in the Drive
 * folder 干部关怀激励文档/模板 (beside the year folders), made once from the built-in
 * templates/*.docx and reused on every run. The county edits a template there; moving it to the
 * trash resets it: the next run re-creates it from the built-in file.
 *
 * - The built-in .docx travel with the script as the data-only project file `templates`
 *   (dist/templates.html, written by scripts/build.mjs: one JSON object, document type → the
 *   .docx in base64), read with HtmlService.createHtmlOutputFromFile("templates").getContent().
 *   Google's HTML-service best practices use exactly this to include one project file's content
 *   in another: "function include(filename) { return HtmlService.createHtmlOutputFromFile(filename)
 *   .getContent(); }", which "injects the file content directly"
 *   (https://developers.google.com/apps-script/guides/html/best-practices). So nothing of the
 *   templates is in dist/Code.js, which Apps Script loads for every custom-function call.
 * - A template is created by the Drive advanced service v3, files.create with the .docx as media
 *   and the Google Docs type as the file's mimeType, which makes Drive convert it: "If a file is
 *   created with a Google Doc MIME type, the uploaded content is imported, if possible"
 *   (https://developers.google.com/drive/api/reference/rest/v3/files, field mimeType; found in
 *   the reference corpus as pub.dev's drive_v3 File.mimeType, generated from it). Each
 *   creation counts against the daily "Documents created" quota
 *   (https://developers.google.com/apps-script/guides/services/quotas); a quota error is
 *   thrown as Drive throws it, for the caller's quota handling.
 * - Its ID is kept in the spreadsheet's document property `模板:<类型>`. Under drive.file the
 *   script sees the Doc because it created it; files.get with fields id,trashed tells whether it
 *   is still there ("File not found" once it is deleted for good).
 */
import { DOCUMENT_TYPES } from "../documents/builders/common";
import type { KeyValueStore } from "../workflows/ports";
import { DocumentProperties } from "./daily";
import { ROOT_FOLDER_NAME } from "./docs";
import { DOCUMENT_MIME, type DriveApiLike, folderIn } from "./drive";

/** The project file (dist/templates.html) holding the built-in templates. */
export const TEMPLATES_FILE = "templates";
export const TEMPLATE_FOLDER_NAME = "模板";
export const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const templateKey = (type: string): string => `模板:${type}`;

export interface TemplateDocsServices {
  /** The Drive advanced service v3. */
  drive: DriveApiLike;
  /** The spreadsheet's document properties. */
  store: KeyValueStore;
  /** A project file's text: HtmlService.createHtmlOutputFromFile(name).getContent(). */
  readFile(name: string): string;
  /** A blob of base64 bytes: Utilities.newBlob(Utilities.base64Decode(b64), type, name). */
  blob(base64: string, contentType: string, name: string): GoogleAppsScript.Base.BlobSource;
  /** The folder the 模板 folder sits in (default 干部关怀激励文档 in My Drive). */
  rootFolderName?: string;
}

/** The template Google Docs, for one run: `created` lists the types (re-)created in it. */
export class TemplateDocs {
  readonly created: string[] = [];
  private builtIn: Record<string, string> | null = null;
  private folder = "";

  constructor(private readonly services: TemplateDocsServices) {}

  /** The ID of the template Google Doc of `type`, created from the built-in file if needed. */
  documentId(type: string): string {
    const unknown = (): Error => new Error(`没有“${type}”这种公文的内置模板`);
    if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) throw unknown();
    const { drive, store } = this.services;
    const known = store.get(templateKey(type));
    if (known) {
      try {
        if (!drive.Files.get(known, { fields: "id,trashed" }).trashed) return known;
      } catch (err) {
        if (!/File not found/.test(String(err))) throw err;
      }
    }
    const base64 = this.templates()[type];
    // A type the deployed project file lacks (a stale deploy): the same message.
    if (!base64) throw unknown();
    this.folder ||= folderIn(
      drive,
      TEMPLATE_FOLDER_NAME,
      folderIn(drive, this.services.rootFolderName ?? ROOT_FOLDER_NAME, "root"),
    );
    const id = drive.Files.create(
      { name: type, mimeType: DOCUMENT_MIME, parents: [this.folder] },
      this.services.blob(base64, DOCX_MIME, `${type}.docx`),
      { fields: "id" },
    ).id;
    if (!id) throw new Error(`云端硬盘未返回新建模板“${type}”的 ID`);
    store.set(templateKey(type), id);
    this.created.push(type);
    return id;
  }

  private templates(): Record<string, string> {
    return (this.builtIn ??= JSON.parse(this.services.readFile(TEMPLATES_FILE)) as Record<
      string,
      string
    >);
  }
}

/** The services of a real Apps Script run (bound at call time). */
export function appsScriptTemplateServices(): TemplateDocsServices {
  return {
    drive: Drive as unknown as DriveApiLike,
    store: new DocumentProperties(PropertiesService),
    readFile: (name) => HtmlService.createHtmlOutputFromFile(name).getContent(),
    blob: (base64, type, name) => Utilities.newBlob(Utilities.base64Decode(base64), type, name),
  };
}
