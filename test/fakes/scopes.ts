/**
 * The scope table: for every Apps Script method the bundle calls on a global service, the OAuth
 * scopes Google's reference lists under "Authorization" ("Scripts that use this method require
 * authorization with one or more of the following scopes"), with the page it comes from. An
 * empty list means the reference page lists no Authorization section for the method.
 *
 * `guardServices` wraps the fakes so that each call is checked against the table and the way the
 * script was started:
 * - a menu item: the user's consent (the manifest's scopes, less any the user unticked), a UI;
 * - an installable trigger: the installer's consent, no UI;
 * - the simple onOpen trigger (AuthMode.LIMITED): the bound spreadsheet and the UI only;
 * - a custom function: no authorization at all; only the services Google's custom-function
 *   guide lists (Cache, HTML, Lock, Properties, Spreadsheet read-only, URL Fetch, Utilities…).
 * A call the context does not allow throws the error Apps Script throws:
 *   "You do not have permission to call Session.getActiveUser. Required permissions:
 *    https://www.googleapis.com/auth/userinfo.email"
 * (wording as in Apps Script's execution log, e.g.
 * https://github.com/hijonathan/google-scripts/issues/14; several scopes are joined by " || ").
 * A call of a method the table does not know throws too, so the table cannot fall behind the
 * code: test/gas/scopes.test.ts also scans dist/Code.js for every `Service.method`.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

const AUTH = "https://www.googleapis.com/auth/";
export const SCOPES = {
  currentonly: `${AUTH}spreadsheets.currentonly`,
  spreadsheets: `${AUTH}spreadsheets`,
  documents: `${AUTH}documents`,
  documentsReadonly: `${AUTH}documents.readonly`,
  drivePhotosReadonly: `${AUTH}drive.photos.readonly`,
  drive: `${AUTH}drive`,
  driveReadonly: `${AUTH}drive.readonly`,
  driveFile: `${AUTH}drive.file`,
  driveAppdata: `${AUTH}drive.appdata`,
  driveMetadata: `${AUTH}drive.metadata`,
  driveMetadataReadonly: `${AUTH}drive.metadata.readonly`,
  userinfoEmail: `${AUTH}userinfo.email`,
  sendMail: `${AUTH}script.send_mail`,
  scriptapp: `${AUTH}script.scriptapp`,
  containerUi: `${AUTH}script.container.ui`,
} as const;

export interface ScopeEntry {
  /** Any one of these is enough (the reference's "one or more of the following scopes"). */
  scopes: readonly string[];
  /** The reference page of the method. */
  source: string;
  /** Usable in a custom function (https://developers.google.com/apps-script/guides/sheets/functions#using_apps_script_services). */
  customFunction?: boolean;
  /** Needs a user interface: a menu or dialog context, never a trigger or custom function. */
  ui?: boolean;
}

const REF = "https://developers.google.com/apps-script/reference/";
const DRIVE_REF = "https://developers.google.com/drive/api/reference/rest/v3/files/";
const SHEETS = [SCOPES.currentonly, SCOPES.spreadsheets];
const DRIVEAPP_READ = [SCOPES.driveReadonly, SCOPES.drive];
const DRIVEAPP_WRITE = [SCOPES.drive];

const entry = (
  scopes: readonly string[],
  source: string,
  extra: Partial<ScopeEntry> = {},
): ScopeEntry => ({ scopes, source, ...extra });

export const SCOPE_TABLE: Readonly<Record<string, ScopeEntry>> = {
  // Spreadsheet service: every Spreadsheet, Sheet and Range method lists the same two scopes.
  "SpreadsheetApp.getActiveSpreadsheet": entry(
    SHEETS,
    `${REF}spreadsheet/spreadsheet-app#getActiveSpreadsheet()`,
    { customFunction: true },
  ),
  "SpreadsheetApp.getActive": entry(SHEETS, `${REF}spreadsheet/spreadsheet-app#getActive()`, {
    customFunction: true,
  }),
  "SpreadsheetApp.flush": entry(SHEETS, `${REF}spreadsheet/spreadsheet-app#flush()`),
  "SpreadsheetApp.getUi": entry([], `${REF}spreadsheet/spreadsheet-app#getUi()`, { ui: true }),
  "SpreadsheetApp.newDataValidation": entry(
    [],
    `${REF}spreadsheet/spreadsheet-app#newDataValidation()`,
    { customFunction: true },
  ),
  "SpreadsheetApp.newConditionalFormatRule": entry(
    [],
    `${REF}spreadsheet/spreadsheet-app#newConditionalFormatRule()`,
    { customFunction: true },
  ),
  // Ui (reached through SpreadsheetApp.getUi()).
  "Ui.alert": entry([], `${REF}base/ui#alert(String,String,ButtonSet)`, { ui: true }),
  "Ui.prompt": entry([], `${REF}base/ui#prompt(String,String,ButtonSet)`, { ui: true }),
  "Ui.createMenu": entry([], `${REF}base/ui#createMenu(String)`, { ui: true }),
  "Ui.showModalDialog": entry(
    [SCOPES.containerUi],
    `${REF}base/ui#showModalDialog(Object,String)`,
    {
      ui: true,
    },
  ),
  // Charts: enums and builders, no Authorization section.
  "Charts.newDataTable": entry([], `${REF}charts/charts#newDataTable()`, { customFunction: true }),
  // Document service.
  "DocumentApp.create": entry([SCOPES.documents], `${REF}document/document-app#create(String)`),
  "DocumentApp.openById": entry([SCOPES.documents], `${REF}document/document-app#openById(String)`),
  "DocumentApp.openByUrl": entry(
    [SCOPES.documents],
    `${REF}document/document-app#openByUrl(String)`,
  ),
  // Drive service (DriveApp): never granted by drive.file.
  "DriveApp.getFoldersByName": entry(
    DRIVEAPP_READ,
    `${REF}drive/drive-app#getFoldersByName(String)`,
  ),
  "DriveApp.getFileById": entry(DRIVEAPP_READ, `${REF}drive/drive-app#getFileById(String)`),
  "DriveApp.getFolderById": entry(DRIVEAPP_READ, `${REF}drive/drive-app#getFolderById(String)`),
  "DriveApp.createFolder": entry(DRIVEAPP_WRITE, `${REF}drive/drive-app#createFolder(String)`),
  "DriveApp.createFile": entry(DRIVEAPP_WRITE, `${REF}drive/drive-app#createFile(BlobSource)`),
  // Drive advanced service v3 (https://developers.google.com/apps-script/advanced/drive): the
  // Drive API's "Authorization scopes" of each method. Under drive.file only the files the
  // script created (or the user opened with it) are visible: test/fakes/drive.ts enforces that.
  "Drive.Files.create": entry(
    [SCOPES.drive, SCOPES.driveAppdata, SCOPES.driveFile],
    `${DRIVE_REF}create`,
  ),
  "Drive.Files.list": entry(
    [
      SCOPES.drive,
      SCOPES.driveAppdata,
      SCOPES.driveFile,
      SCOPES.driveMetadata,
      SCOPES.driveMetadataReadonly,
      SCOPES.driveReadonly,
    ],
    `${DRIVE_REF}list`,
  ),
  "Drive.Files.get": entry(
    [
      SCOPES.drive,
      SCOPES.driveAppdata,
      SCOPES.driveFile,
      SCOPES.driveMetadata,
      SCOPES.driveMetadataReadonly,
      SCOPES.driveReadonly,
    ],
    `${DRIVE_REF}get`,
  ),
  "Drive.Files.update": entry(
    [SCOPES.drive, SCOPES.driveAppdata, SCOPES.driveFile, SCOPES.driveMetadata],
    `${DRIVE_REF}update`,
  ),
  // files.copy: a copy of a template Google Doc the script created (drive.file may read it).
  "Drive.Files.copy": entry(
    [SCOPES.drive, SCOPES.driveAppdata, SCOPES.driveFile, SCOPES.drivePhotosReadonly],
    `${DRIVE_REF}copy`,
  ),
  // Docs advanced service v1 (https://developers.google.com/apps-script/advanced/docs): the Docs
  // API's "Authorization scopes"; the manifest's documents scope covers both.
  "Docs.Documents.get": entry(
    [
      SCOPES.documents,
      SCOPES.documentsReadonly,
      SCOPES.drive,
      SCOPES.driveFile,
      SCOPES.driveReadonly,
    ],
    "https://developers.google.com/docs/api/reference/rest/v1/documents/get",
  ),
  "Docs.Documents.batchUpdate": entry(
    [SCOPES.documents, SCOPES.drive, SCOPES.driveFile],
    "https://developers.google.com/docs/api/reference/rest/v1/documents/batchUpdate",
  ),
  // Drive v3 permissions (sharing a unit spreadsheet the script created).
  "Drive.Permissions.create": entry(
    [SCOPES.drive, SCOPES.driveFile],
    "https://developers.google.com/drive/api/reference/rest/v3/permissions/create",
  ),
  // Sheets advanced service v4 (https://developers.google.com/apps-script/advanced/sheets): the
  // Sheets API's "Authorization scopes". drive.file reaches only spreadsheets the script created
  // (test/fakes/sheetsApi.ts answers "Requested entity was not found." for any other).
  "Sheets.Spreadsheets.create": entry(
    [SCOPES.drive, SCOPES.driveFile, SCOPES.spreadsheets],
    "https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/create",
  ),
  "Sheets.Spreadsheets.batchUpdate": entry(
    [SCOPES.drive, SCOPES.driveFile, SCOPES.spreadsheets],
    "https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/batchUpdate",
  ),
  "Sheets.Spreadsheets.Values.batchGet": entry(
    [
      SCOPES.drive,
      SCOPES.driveFile,
      SCOPES.driveReadonly,
      SCOPES.spreadsheets,
      "https://www.googleapis.com/auth/spreadsheets.readonly",
    ],
    "https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/batchGet",
  ),
  // Mail.
  "MailApp.sendEmail": entry([SCOPES.sendMail], `${REF}mail/mail-app#sendEmail(Object)`),
  "MailApp.getRemainingDailyQuota": entry(
    [SCOPES.sendMail],
    `${REF}mail/mail-app#getRemainingDailyQuota()`,
  ),
  // Session.
  "Session.getActiveUser": entry([SCOPES.userinfoEmail], `${REF}base/session#getActiveUser()`),
  "Session.getEffectiveUser": entry(
    [SCOPES.userinfoEmail],
    `${REF}base/session#getEffectiveUser()`,
  ),
  "Session.getScriptTimeZone": entry([], `${REF}base/session#getScriptTimeZone()`, {
    customFunction: true,
  }),
  "Session.getTemporaryActiveUserKey": entry([], `${REF}base/session#getTemporaryActiveUserKey()`, {
    customFunction: true,
  }),
  // Script service.
  "ScriptApp.getProjectTriggers": entry(
    [SCOPES.scriptapp],
    `${REF}script/script-app#getProjectTriggers()`,
  ),
  "ScriptApp.newTrigger": entry([SCOPES.scriptapp], `${REF}script/script-app#newTrigger(String)`),
  "ScriptApp.deleteTrigger": entry(
    [SCOPES.scriptapp],
    `${REF}script/script-app#deleteTrigger(Trigger)`,
  ),
  "ScriptApp.requireAllScopes": entry([], `${REF}script/script-app#requireAllScopes(AuthMode)`),
  "ScriptApp.requireScopes": entry([], `${REF}script/script-app#requireScopes(AuthMode,String)`),
  "ScriptApp.getAuthorizationInfo": entry(
    [],
    `${REF}script/script-app#getAuthorizationInfo(AuthMode)`,
  ),
  // Lock, Properties, Cache, Utilities: no Authorization section; usable in custom functions.
  "LockService.getScriptLock": entry([], `${REF}lock/lock-service#getScriptLock()`, {
    customFunction: true,
  }),
  "LockService.getDocumentLock": entry([], `${REF}lock/lock-service#getDocumentLock()`, {
    customFunction: true,
  }),
  "PropertiesService.getScriptProperties": entry(
    [],
    `${REF}properties/properties-service#getScriptProperties()`,
    { customFunction: true },
  ),
  "PropertiesService.getDocumentProperties": entry(
    [],
    `${REF}properties/properties-service#getDocumentProperties()`,
    { customFunction: true },
  ),
  "PropertiesService.getUserProperties": entry(
    [],
    `${REF}properties/properties-service#getUserProperties()`,
    { customFunction: true },
  ),
  "CacheService.getScriptCache": entry([], `${REF}cache/cache-service#getScriptCache()`, {
    customFunction: true,
  }),
  "CacheService.getDocumentCache": entry([], `${REF}cache/cache-service#getDocumentCache()`, {
    customFunction: true,
  }),
  "Utilities.formatDate": entry([], `${REF}utilities/utilities#formatDate(Date,String,String)`, {
    customFunction: true,
  }),
  "Utilities.getUuid": entry([], `${REF}utilities/utilities#getUuid()`, {
    customFunction: true,
  }),
  "Utilities.sleep": entry([], `${REF}utilities/utilities#sleep(Integer)`, {
    customFunction: true,
  }),
  // The built-in templates (src/gas/templateDocs.ts): bytes and a blob, no Authorization section.
  "Utilities.base64Decode": entry([], `${REF}utilities/utilities#base64Decode(String)`, {
    customFunction: true,
  }),
  "Utilities.newBlob": entry([], `${REF}utilities/utilities#newBlob(Byte,String,String)`, {
    customFunction: true,
  }),
  // A dialog's page, an HTML file of the project (src/gas/dialog/server.ts), or the data-only
  // file of the built-in templates (src/gas/templateDocs.ts, read with getContent()); the
  // reference lists no Authorization section for it (showing a page needs script.container.ui:
  // Ui.showModalDialog).
  "HtmlService.createHtmlOutputFromFile": entry(
    [],
    `${REF}html/html-service#createHtmlOutputFromFile(String)`,
  ),
  "HtmlService.createHtmlOutput": entry([], `${REF}html/html-service#createHtmlOutput(String)`, {
    customFunction: true,
  }),
};

/** The Apps Script globals whose methods the table covers. */
export const GLOBAL_SERVICES = [
  "SpreadsheetApp",
  "DocumentApp",
  "DriveApp",
  "Drive",
  "Sheets",
  "Docs",
  "MailApp",
  "GmailApp",
  "Session",
  "ScriptApp",
  "LockService",
  "PropertiesService",
  "CacheService",
  "Utilities",
  "HtmlService",
  "Charts",
  "UrlFetchApp",
] as const;

/** The scopes dist/appsscript.json asks for (build first). */
export function manifestScopes(root = path.resolve(__dirname, "..", "..")): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, "dist", "appsscript.json"), "utf8")) as {
    oauthScopes?: string[];
  };
  return manifest.oauthScopes ?? [];
}

/** Apps Script's wording when a method's scopes were not granted. */
export function permissionError(method: string, scopes: readonly string[]): Error {
  return new Error(
    `You do not have permission to call ${method}. Required permissions: ${scopes.join(" || ")}`,
  );
}

/** How the script was started. */
export type StartedAs = "menu" | "trigger" | "simple-trigger" | "custom-function";

export interface AuthContext {
  startedAs: StartedAs;
  /** The scopes the manifest requests (what requireAllScopes checks). */
  requested: readonly string[];
  /** The scopes the user (or the trigger's installer) consented to. */
  granted: Set<string>;
  /** Every checked call, in order ("Session.getActiveUser"). */
  calls: string[];
  /** Authorization prompts requireAllScopes/requireScopes showed. */
  prompts: string[][];
}

/** A context: menu and triggers get the manifest's scopes less `unticked`. */
export function authContext(
  startedAs: StartedAs,
  requested: readonly string[],
  unticked: readonly string[] = [],
): AuthContext {
  let granted: string[];
  if (startedAs === "custom-function") granted = [];
  else if (startedAs === "simple-trigger")
    granted = requested.filter((s) => s === SCOPES.currentonly);
  else granted = requested.filter((s) => !unticked.includes(s));
  return { startedAs, requested, granted: new Set(granted), calls: [], prompts: [] };
}

/** Check one call against the table and the context; throws as Apps Script does. */
export function checkCall(ctx: AuthContext, method: string): void {
  const known = SCOPE_TABLE[method];
  if (!known) {
    throw new Error(`fake: ${method} is not in the scope table (test/fakes/scopes.ts)`);
  }
  ctx.calls.push(method);
  const uiless = ctx.startedAs === "trigger" || ctx.startedAs === "custom-function";
  if (known.ui && uiless) {
    throw new Error(`Cannot call ${method.replace(/^Ui\./, "Ui.")}() from this context.`);
  }
  if (ctx.startedAs === "custom-function") {
    if (known.customFunction) return;
    throw permissionError(method, known.scopes.length ? known.scopes : ["(需要用户授权)"]);
  }
  if (known.scopes.length === 0) return;
  if (known.scopes.some((s) => ctx.granted.has(s))) return;
  throw permissionError(method, known.scopes);
}

/** The error Apps Script ends a run with when requireScopes finds a scope not granted. */
export const AUTH_REQUIRED = "Authorization is required to perform that action.";

/**
 * Wrap a fake service so that every method call is checked. `name` is the global's name
 * ("Drive"); nested collections (Drive.Files) are wrapped as "Drive.Files". Values that are not
 * functions (enums such as SpreadsheetApp.BooleanCriteria) pass unchecked. Objects returned by
 * getUi() are wrapped as "Ui".
 */
export function guard<T extends object>(name: string, service: T, ctx: AuthContext): T {
  return new Proxy(service, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== "string") return value;
      if (typeof value === "function") {
        const method = `${name}.${prop}`;
        return (...args: unknown[]) => {
          checkCall(ctx, method);
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (method === "SpreadsheetApp.getUi" && result && typeof result === "object") {
            return guard("Ui", result, ctx);
          }
          return result;
        };
      }
      if ((name === "Drive" || name.startsWith("Sheets")) && value && typeof value === "object") {
        return guard(`${name}.${prop}`, value, ctx);
      }
      return value;
    },
  });
}
