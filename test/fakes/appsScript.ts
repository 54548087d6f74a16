/**
 * The whole Apps Script world for running dist/Code.js as Sheets runs it: one bound spreadsheet,
 * Drive and Docs, the Sheets advanced service (./sheetsApi.ts, for the unit spreadsheets), MailApp, ScriptApp (triggers per user), LockService, PropertiesService and
 * Session, persisting across executions. `run` starts one execution the way Sheets starts it
 * (a menu item with a UI and the user's consent, an installable trigger without a UI under its
 * installer's consent, the simple onOpen in AuthMode.LIMITED, a custom function with no
 * authorization): the globals are installed wrapped by the scope guard (./scopes.ts) for that
 * execution only.
 *
 * The bundle is evaluated in this realm with `new Function`, so Dates pass between the fakes and
 * the bundle unchanged; the top-level functions of Code.js become the returned entry points.
 * (test/gas/bundle.test.ts separately proves the bundle needs no Node global in a bare context.)
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { FakeCharts, createFakeSpreadsheet, createFakeSpreadsheetApp } from "./spreadsheetApp";
import { FakeGoogle } from "./googleDocs";
import { createFakeMailApp } from "./mailApp";
import { FIRST_ADMIN, createFakeScriptApp } from "./scriptApp";
import { createFakeLockService } from "./lockService";
import { createFakeProperties } from "./properties";
import { AUTH_REQUIRED, type AuthContext, type StartedAs, authContext, guard } from "./scopes";
import { QUOTAS, type AccountType } from "./drive";
import { FakeSheets } from "./sheetsApi";
import { FakeHtmlService } from "./htmlService";
import { base64Decode, newBlob } from "./utilities";

const ROOT = path.resolve(__dirname, "..", "..");

/** Apps Script's error once the day's total trigger run time (90 min / 6 h) is used up. */
export const TRIGGER_TIME_ERROR = "Service using too much computer time for one day";

export type EntryPoint = (...args: unknown[]) => unknown;

/** Load dist/Code.js (build first) and return its top-level functions by name. */
export function loadBundle(file = path.join(ROOT, "dist", "Code.js")): Record<string, EntryPoint> {
  const code = readFileSync(file, "utf8");
  const names = [...code.matchAll(/^function ([A-Za-z_$][\w$]*)\(/gm)].map((m) => m[1]);
  const factory = new Function(`${code}\nreturn { ${names.join(", ")} };`) as () => Record<
    string,
    EntryPoint
  >;
  return factory();
}

export interface RunOptions {
  /** Scopes the user unticked on the consent screen. */
  unticked?: readonly string[];
  /** Act as this user (default: the world's current user). */
  user?: string;
}

export interface RunResult<T> {
  result?: T;
  error?: Error;
  ctx: AuthContext;
}

export class AppsScriptWorld {
  readonly ss = createFakeSpreadsheet();
  readonly sheetsApp = createFakeSpreadsheetApp(this.ss);
  readonly google: FakeGoogle;
  readonly mail;
  readonly scripts = createFakeScriptApp();
  readonly locks = createFakeLockService();
  readonly props = createFakeProperties();
  /** Trigger run time used today (ms): past the account's quota Google starts no trigger. */
  triggerMsUsed = 0;
  /** E-mail Session reports for the active user; "" when Google withholds it. */
  activeEmail: string | null = null;
  user = FIRST_ADMIN;
  /** The Sheets advanced service (the unit spreadsheets), on its own clock for the quotas. */
  readonly sheetsClock = { now: new Date("2027-03-01T07:00:00+08:00") };
  readonly sheetsApi: FakeSheets;
  private uuids = 0;

  constructor(
    readonly requested: readonly string[],
    readonly account: AccountType = "workspace",
  ) {
    this.google = new FakeGoogle({ documentsLeft: QUOTAS[account].documentsCreated });
    this.mail = createFakeMailApp(QUOTAS[account].emailRecipients);
    this.sheetsApi = new FakeSheets(this.sheetsClock, this.google.drive, this.user);
  }

  /** A new day: the daily quotas are full again. */
  newDay(): void {
    this.google.drive.documentsLeft = QUOTAS[this.account].documentsCreated;
    this.mail.quota = QUOTAS[this.account].emailRecipients;
    this.triggerMsUsed = 0;
  }

  private globals(ctx: AuthContext): Record<string, unknown> {
    const email = (): string => (this.activeEmail === null ? this.user : this.activeEmail);
    const session = {
      getActiveUser: () => ({ getEmail: () => email() }),
      getEffectiveUser: () => ({ getEmail: () => this.user }),
      getScriptTimeZone: () => "Asia/Shanghai",
      getTemporaryActiveUserKey: () => `key-${this.user}`,
    };
    const requireScopes = (scopes: readonly string[]): void => {
      const missing = scopes.filter((s) => !ctx.granted.has(s));
      if (missing.length === 0) return;
      ctx.prompts.push(missing);
      throw new Error(AUTH_REQUIRED);
    };
    const scriptApp = Object.assign(Object.create(this.scripts.app) as object, {
      requireAllScopes: () => requireScopes(ctx.requested),
      requireScopes: (_mode: unknown, scopes: string[]) => requireScopes(scopes),
    });
    return {
      SpreadsheetApp: guard("SpreadsheetApp", this.sheetsApp, ctx),
      DocumentApp: guard("DocumentApp", this.google.documentApp, ctx),
      Drive: guard("Drive", this.google.driveApi, ctx),
      Docs: guard("Docs", this.google.docsApi, ctx),
      MailApp: guard("MailApp", this.mail.MailApp, ctx),
      Session: guard("Session", session, ctx),
      ScriptApp: guard("ScriptApp", scriptApp, ctx),
      LockService: guard("LockService", this.locks.LockService, ctx),
      PropertiesService: guard("PropertiesService", this.props.PropertiesService, ctx),
      Sheets: guard("Sheets", this.sheetsApi.api, ctx),
      Utilities: guard(
        "Utilities",
        {
          getUuid: () => `00000000-0000-4000-8000-${String(++this.uuids).padStart(12, "0")}`,
          sleep: () => undefined,
          formatDate: (d: Date) => d.toISOString(),
          base64Decode,
          newBlob,
        },
        ctx,
      ),
      HtmlService: guard("HtmlService", FakeHtmlService, ctx),
      Charts: FakeCharts,
      // DriveApp exists in every Apps Script project; any call is checked (and refused under
      // drive.file, as Google's reference says) so code that reaches for it fails here too.
      DriveApp: guard(
        "DriveApp",
        new Proxy({}, { get: (_t, prop) => (typeof prop === "string" ? () => null : undefined) }),
        ctx,
      ),
    };
  }

  /** One execution, started as `startedAs`; errors are returned, not thrown. */
  run<T>(startedAs: StartedAs, fn: () => T, options: RunOptions = {}): RunResult<T> {
    const ctx = authContext(startedAs, this.requested, options.unticked);
    if (startedAs === "trigger" && this.triggerMsUsed >= QUOTAS[this.account].triggerRuntimeMs) {
      // Google refuses to run the trigger at all (its failure e-mail gives this text).
      return { error: new Error(TRIGGER_TIME_ERROR), ctx };
    }
    const startedAt = Date.now();
    const previousUser = this.user;
    if (options.user) this.user = options.user;
    this.scripts.actAs(this.user);
    const scope = globalThis as Record<string, unknown>;
    const installed = this.globals(ctx);
    const saved = new Map<string, unknown>();
    for (const [name, value] of Object.entries(installed)) {
      saved.set(name, scope[name]);
      scope[name] = value;
    }
    try {
      return { result: fn(), ctx };
    } catch (err) {
      return { error: err instanceof Error ? err : new Error(String(err)), ctx };
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete scope[name];
        else scope[name] = value;
      }
      this.user = previousUser;
      this.scripts.actAs(this.user);
      if (startedAs === "trigger") this.triggerMsUsed += Date.now() - startedAt;
    }
  }

  /** The dialogs shown so far (title, message). */
  alerts(): string[][] {
    return this.sheetsApp.ui.alerts.map((a) => a.map((x) => String(x)));
  }
}
