/**
 * Google Drive through the Drive advanced service (v3, userSymbol "Drive", declared in the
 * manifest's enabledAdvancedServices). DriveApp is never used: every DriveApp method needs the
 * full `drive` scope (or `drive.readonly`), while the Drive API honours `drive.file`, which lets
 * the script see and change only the files it created itself (or the user opened with it).
 * So the script finds its own folders by name and parent, and creates what it cannot see.
 *
 * Reference: https://developers.google.com/apps-script/advanced/drive and
 * https://developers.google.com/drive/api/reference/rest/v3/files (create, list, update, get).
 */

/** The file fields this project reads. */
export interface DriveFileResource {
  id?: string;
  name?: string;
  mimeType?: string;
  parents?: string[];
  trashed?: boolean;
}

/** The part of the Drive v3 advanced service the project calls (Apps Script's signatures). */
export interface DriveApiLike {
  Files: {
    list(optionalArgs?: {
      q?: string;
      fields?: string;
      pageSize?: number;
      pageToken?: string;
      spaces?: string;
    }): { files?: DriveFileResource[]; nextPageToken?: string };
    create(
      resource: DriveFileResource,
      mediaData?: GoogleAppsScript.Base.BlobSource | null,
      optionalArgs?: { fields?: string },
    ): DriveFileResource;
    update(
      resource: DriveFileResource,
      fileId: string,
      mediaData?: GoogleAppsScript.Base.BlobSource | null,
      optionalArgs?: { addParents?: string; removeParents?: string; fields?: string },
    ): DriveFileResource;
    get(fileId: string, optionalArgs?: { fields?: string }): DriveFileResource;
    /** files.copy: a copy of a file the script may read, with `resource`'s name and parents. */
    copy(
      resource: DriveFileResource,
      fileId: string,
      optionalArgs?: { fields?: string },
    ): DriveFileResource;
  };
}

/** Drive v3 permissions.create (sharing a file the script created, under drive.file). */
export interface DrivePermissionsLike {
  create(
    resource: { role: string; type: string; emailAddress?: string },
    fileId: string,
    optionalArgs?: { sendNotificationEmail?: boolean; emailMessage?: string; fields?: string },
  ): { id?: string; role?: string; type?: string };
}

export const FOLDER_MIME = "application/vnd.google-apps.folder";
export const DOCUMENT_MIME = "application/vnd.google-apps.document";
export const PDF_MIME = "application/pdf";

/** A string literal for a Drive query: backslashes and single quotes escaped. */
export function queryString(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** The live (not trashed) files named `name` under `parentId` ("root": My Drive), of a type. */
export function findByName(
  drive: DriveApiLike,
  name: string,
  parentId: string,
  mimeType?: string,
): DriveFileResource[] {
  const terms = [
    `name = ${queryString(name)}`,
    `${queryString(parentId)} in parents`,
    "trashed = false",
  ];
  if (mimeType) terms.push(`mimeType = ${queryString(mimeType)}`);
  const out: DriveFileResource[] = [];
  let pageToken: string | undefined;
  do {
    const page = drive.Files.list({
      q: terms.join(" and "),
      fields: "nextPageToken, files(id, name, mimeType, parents, trashed)",
      pageSize: 100,
      ...(pageToken ? { pageToken } : {}),
    });
    out.push(...(page.files ?? []));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return out;
}

/** The folder `name` under `parentId` that this script can see, or a new one it creates. */
export function folderIn(drive: DriveApiLike, name: string, parentId: string): string {
  const found = findByName(drive, name, parentId, FOLDER_MIME).find((f) => f.id);
  if (found?.id) return found.id;
  const created = drive.Files.create({ name, mimeType: FOLDER_MIME, parents: [parentId] }, null, {
    fields: "id",
  });
  if (!created.id) throw new Error(`云端硬盘未返回新建文件夹“${name}”的 ID`);
  return created.id;
}

/** Move a file to the trash (the Drive API's files.update with trashed: true). */
export function trash(drive: DriveApiLike, fileId: string): void {
  drive.Files.update({ trashed: true }, fileId, null, { fields: "id" });
}
