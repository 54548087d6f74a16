import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import {
  GLOBAL_SERVICES,
  SCOPES,
  SCOPE_TABLE,
  authContext,
  checkCall,
  manifestScopes,
} from "../fakes/scopes";

let code = "";
let manifest: {
  oauthScopes: string[];
  dependencies?: { enabledAdvancedServices?: { userSymbol: string; version: string }[] };
};

beforeAll(() => {
  build();
  code = readFileSync("dist/Code.js", "utf8");
  manifest = JSON.parse(readFileSync("dist/appsscript.json", "utf8")) as typeof manifest;
});

/** Enum properties (not methods): SpreadsheetApp.BooleanCriteria, ScriptApp.AuthMode, … */
const isEnum = (member: string): boolean => /^[A-Z]/.test(member);
/** Advanced services name a collection first: Drive.Files.create. */
const ADVANCED = new Set(["Drive", "Sheets", "Docs"]);

/** Every `Service.method` (or `Service.Collection.method`) the bundle writes out. */
function calledMethods(text: string): string[] {
  const found = new Set<string>();
  const pattern = new RegExp(
    `\\b(${GLOBAL_SERVICES.join("|")})\\.([A-Za-z_$][\\w$]*)(?:\\.([A-Za-z_$][\\w$]*))?`,
    "g",
  );
  for (const m of text.matchAll(pattern)) {
    const [, service, member, next] = m;
    if (ADVANCED.has(service)) found.add(`${service}.${member}.${next ?? ""}`);
    else if (!isEnum(member)) found.add(`${service}.${member}`);
  }
  return [...found].sort();
}

describe("the scope table against dist/Code.js and dist/appsscript.json", () => {
  it("knows every Apps Script method the bundle calls, and the manifest grants each one", () => {
    const methods = calledMethods(code);
    expect(methods.length).toBeGreaterThan(3);
    const granted = new Set(manifest.oauthScopes);
    for (const method of methods) {
      const known = SCOPE_TABLE[method];
      expect(known, `${method} is not in test/fakes/scopes.ts`).toBeDefined();
      if (known.scopes.length > 0) {
        expect(
          known.scopes.some((s) => granted.has(s)),
          `${method} needs ${known.scopes.join(" or ")}`,
        ).toBe(true);
      }
    }
  });

  it("finds the services the bundle looks up by name, and each is a known global", () => {
    // docs.ts reads DocumentApp and Drive from globalThis by name (at call time).
    const byName = [...code.matchAll(/"([A-Z][A-Za-z]+(?:App|Service|Drive|Docs|Sheets))"/g)]
      .map((m) => m[1])
      .filter((n) => (GLOBAL_SERVICES as readonly string[]).includes(n) || /App$/.test(n));
    for (const name of byName) {
      expect(GLOBAL_SERVICES as readonly string[], name).toContain(name);
      const methods = Object.keys(SCOPE_TABLE).filter((k) => k.startsWith(`${name}.`));
      expect(methods.length, `${name} has no entry in the scope table`).toBeGreaterThan(0);
      const granted = new Set(manifest.oauthScopes);
      const usable = methods.filter((k) => {
        const s = SCOPE_TABLE[k].scopes;
        return s.length === 0 || s.some((x) => granted.has(x));
      });
      expect(usable.length, `no ${name} method is usable under the manifest's scopes`).toBe(
        methods.length,
      );
    }
  });

  it("uses no DriveApp at all and reaches Drive (v3), Sheets (v4, the unit spreadsheets) and Docs (v1, filling template Docs) through the advanced services", () => {
    expect(/\bDriveApp\b/.test(code), "dist/Code.js mentions DriveApp").toBe(false);
    expect(manifest.oauthScopes).toContain(SCOPES.driveFile);
    expect(manifest.oauthScopes).not.toContain(SCOPES.drive);
    expect(manifest.oauthScopes).not.toContain(SCOPES.driveReadonly);
    expect(manifest.oauthScopes).toContain(SCOPES.userinfoEmail);
    expect(manifest.dependencies?.enabledAdvancedServices).toEqual([
      { userSymbol: "Drive", serviceId: "drive", version: "v3" },
      { userSymbol: "Sheets", serviceId: "sheets", version: "v4" },
      { userSymbol: "Docs", serviceId: "docs", version: "v1" },
    ]);
    // No spreadsheets scope: the unit spreadsheets are reached under drive.file only.
    expect(manifest.oauthScopes).not.toContain(SCOPES.spreadsheets);
  });

  it("cites a reference page for every entry", () => {
    for (const [method, e] of Object.entries(SCOPE_TABLE)) {
      expect(e.source, method).toMatch(/^https:\/\/developers\.google\.com\//);
    }
  });
});

describe("checkCall throws what Apps Script throws", () => {
  it("names the method and the scopes it needs", () => {
    const ctx = authContext("menu", manifestScopes(), [SCOPES.userinfoEmail]);
    expect(() => checkCall(ctx, "Session.getActiveUser")).toThrow(
      "You do not have permission to call Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email",
    );
    expect(() => checkCall(ctx, "DriveApp.getFoldersByName")).toThrow(
      "You do not have permission to call DriveApp.getFoldersByName. Required permissions: https://www.googleapis.com/auth/drive.readonly || https://www.googleapis.com/auth/drive",
    );
    expect(() => checkCall(ctx, "Drive.Files.create")).not.toThrow();
    expect(() => checkCall(ctx, "Drive.Files.delete")).toThrow(/not in the scope table/);
  });

  it("gives a custom function nothing that needs authorization, and a trigger no UI", () => {
    const custom = authContext("custom-function", manifestScopes());
    expect(() => checkCall(custom, "SpreadsheetApp.getActiveSpreadsheet")).not.toThrow();
    expect(() => checkCall(custom, "MailApp.sendEmail")).toThrow(/You do not have permission/);
    expect(() => checkCall(custom, "Session.getActiveUser")).toThrow(/You do not have permission/);
    const trigger = authContext("trigger", manifestScopes());
    expect(() => checkCall(trigger, "SpreadsheetApp.getUi")).toThrow(
      "Cannot call SpreadsheetApp.getUi() from this context.",
    );
  });
});
