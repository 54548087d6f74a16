/**
 * The template Google Docs (src/gas/templateDocs.ts): the built-in templates/*.docx travel as the
 * project file dist/templates.html; each type's template Doc is created once in
 * 干部关怀激励文档/模板 from it (Drive converts the .docx), its ID kept in the document property
 * 模板:<类型>, reused on every later run, re-created when it was trashed or deleted; Drive's
 * errors other than "File not found" (the daily quota) are thrown, not taken for a missing Doc.
 */
import { readFileSync, readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import PizZip from "pizzip";
import { beforeAll, describe, expect, it } from "vitest";
import { build, ROOT } from "../build";
import { DOCUMENT_TYPES } from "../../src/documents/builders/common";
import {
  TemplateDocs,
  type TemplateDocsServices,
  appsScriptTemplateServices,
  templateKey,
} from "../../src/gas/templateDocs";
import type { DriveApiLike } from "../../src/gas/drive";
import { DocumentProperties } from "../../src/gas/daily";
import { DOCS_QUOTA_ERROR, FakeDrive, GOOGLE_DOC } from "../fakes/drive";
import { createFakeProperties } from "../fakes/properties";
import { createFakeHtmlService } from "../fakes/htmlService";
import { base64Decode, newBlob } from "../fakes/utilities";
import { AppsScriptWorld } from "../fakes/appsScript";
import { manifestScopes } from "../fakes/scopes";
import type { ConvertedBlock } from "../fakes/docxText";

const TEMPLATES = path.join(ROOT, "templates");
const docx = (type: string): Buffer => readFileSync(path.join(TEMPLATES, `${type}.docx`));

// Built here, after removing the file, so a build that stops writing it fails the test.
beforeAll(() => {
  rmSync(path.join(ROOT, "dist", "templates.html"), { force: true });
  build();
});

interface Setup {
  drive: FakeDrive;
  props: ReturnType<typeof createFakeProperties>;
  services: TemplateDocsServices;
  /** Drive calls since the last reset. */
  calls: () => Record<string, number>;
  reset: () => void;
}

function setup(drive = new FakeDrive()): Setup {
  const props = createFakeProperties();
  const html = createFakeHtmlService();
  const services: TemplateDocsServices = {
    drive: drive.api,
    store: new DocumentProperties(props.PropertiesService),
    readFile: (name) => html.createHtmlOutputFromFile(name).getContent(),
    blob: (b64, type, name) =>
      newBlob(base64Decode(b64), type, name) as unknown as GoogleAppsScript.Base.BlobSource,
  };
  return {
    drive,
    props,
    services,
    calls: () => Object.fromEntries(drive.calls),
    reset: () => drive.calls.clear(),
  };
}

/** Every {…} placeholder in a text. */
const placeholders = (text: string): string[] => [...text.matchAll(/\{[^{}]+\}/g)].map((m) => m[0]);
const blockText = (blocks: ConvertedBlock[]): string =>
  blocks.map((b) => ("text" in b ? b.text : b.rows.flat().join("|"))).join("\n");

describe("dist/templates.html", () => {
  it("holds every committed template, decoding to its exact bytes, and none of it is in Code.js", () => {
    const built = JSON.parse(
      readFileSync(path.join(ROOT, "dist", "templates.html"), "utf8"),
    ) as Record<string, string>;
    const files = readdirSync(TEMPLATES)
      .filter((f) => f.endsWith(".docx"))
      .map((f) => f.slice(0, -5));
    expect(Object.keys(built).sort()).toEqual([...files].sort());
    expect([...files].sort()).toEqual([...DOCUMENT_TYPES].sort());
    const code = readFileSync(path.join(ROOT, "dist", "Code.js"), "utf8");
    for (const type of files) {
      expect(Buffer.from(built[type], "base64").equals(docx(type))).toBe(true);
      // A window from the middle of each file's base64 is not in the bundle.
      const mid = Math.floor(built[type].length / 2);
      expect(code.includes(built[type].slice(mid, mid + 48))).toBe(false);
    }
    // Nothing HTML treats specially: the text HtmlService keeps is the JSON as written.
    expect(/[<&]/.test(readFileSync(path.join(ROOT, "dist", "templates.html"), "utf8"))).toBe(
      false,
    );
  });
});

describe("TemplateDocs", () => {
  it("creates a type's template Doc once in 干部关怀激励文档/模板, converted from the .docx, and reuses it with one Drive.Files.get", () => {
    const s = setup();
    const first = new TemplateDocs(s.services);
    const id = first.documentId("通报批评");
    expect(first.created).toEqual(["通报批评"]);
    const file = s.drive.files.get(id)!;
    expect(file.mimeType).toBe(GOOGLE_DOC);
    expect(s.drive.path(id)).toBe("干部关怀激励文档/模板/通报批评");
    expect(file.content).toBe(
      "通报批评.docx (application/vnd.openxmlformats-officedocument.wordprocessingml.document)",
    );
    expect(s.props.documentValues.get(templateKey("通报批评"))).toBe(id);
    expect(s.props.documentValues.get("模板:通报批评")).toBe(id);
    // The root folder, the 模板 folder, the Doc: one create each; two folder lookups.
    expect(s.calls()).toEqual({ "Drive.Files.list": 2, "Drive.Files.create": 3 });

    // The next run (a new execution): one get, no create, nothing listed.
    s.reset();
    const next = new TemplateDocs(s.services);
    expect(next.documentId("通报批评")).toBe(id);
    expect(next.created).toEqual([]);
    expect(s.calls()).toEqual({ "Drive.Files.get": 1 });
    expect(s.drive.live(GOOGLE_DOC)).toHaveLength(1);
  });

  it("the converted Doc has the .docx's text and placeholders: 通报批评's {发文字号} and its loop row", () => {
    const s = setup();
    const id = new TemplateDocs(s.services).documentId("通报批评");
    const converted = s.drive.files.get(id)!.converted!;
    expect(converted).toContainEqual({ text: "{发文字号}" });
    const table = converted.find((b): b is { rows: string[][] } => "rows" in b)!;
    expect(table.rows[0]).toEqual(["序号", "单位", "逾期事项", "截止日期", "逾期天数"]);
    expect(table.rows[1][0]).toBe("{#逾期清单}{序号}");
    expect(table.rows[1].at(-1)).toBe("{逾期天数}{/逾期清单}");
    // Every placeholder of the .docx's body text (read from its XML by another route), in order.
    const xml = new PizZip(docx("通报批评")).file("word/document.xml")!.asText();
    const xmlText = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
    expect(placeholders(blockText(converted))).toEqual(placeholders(xmlText));
    expect(placeholders(xmlText)).toContain("{整改期限}");
  });

  it("creates all seven in one run with the folders found or made once", () => {
    const s = setup();
    const docs = new TemplateDocs(s.services);
    const ids = DOCUMENT_TYPES.map((t) => docs.documentId(t));
    expect(new Set(ids).size).toBe(7);
    expect(docs.created).toEqual([...DOCUMENT_TYPES]);
    expect(s.calls()).toEqual({ "Drive.Files.list": 2, "Drive.Files.create": 9 });
    for (const [i, t] of DOCUMENT_TYPES.entries()) {
      expect(s.drive.path(ids[i])).toBe(`干部关怀激励文档/模板/${t}`);
      expect(s.drive.files.get(ids[i])!.converted!.length).toBeGreaterThan(3);
    }
    expect(s.drive.documentsLeft).toBe(1500 - 7);
  });

  it("re-creates a template moved to the trash, in the same 模板 folder, and says so", () => {
    const s = setup();
    const old = new TemplateDocs(s.services).documentId("奖金发放审批表");
    const folder = s.drive.files.get(old)!.parents[0];
    s.drive.api.Files.update({ trashed: true }, old, null, { fields: "id" });
    s.reset();
    const run = new TemplateDocs(s.services);
    const fresh = run.documentId("奖金发放审批表");
    expect(fresh).not.toBe(old);
    expect(run.created).toEqual(["奖金发放审批表"]);
    expect(s.drive.files.get(fresh)!.parents).toEqual([folder]);
    expect(s.props.documentValues.get("模板:奖金发放审批表")).toBe(fresh);
    expect(s.calls()).toEqual({
      "Drive.Files.get": 1,
      "Drive.Files.list": 2,
      "Drive.Files.create": 1,
    });
    // And the run after that uses the new one.
    s.reset();
    expect(new TemplateDocs(s.services).documentId("奖金发放审批表")).toBe(fresh);
    expect(s.calls()).toEqual({ "Drive.Files.get": 1 });
  });

  it("re-creates a template deleted for good (Drive answers File not found)", () => {
    const s = setup();
    const old = new TemplateDocs(s.services).documentId("通报表扬");
    s.drive.files.delete(old);
    const run = new TemplateDocs(s.services);
    const fresh = run.documentId("通报表扬");
    expect(fresh).not.toBe(old);
    expect(run.created).toEqual(["通报表扬"]);
    expect(s.drive.path(fresh)).toBe("干部关怀激励文档/模板/通报表扬");
  });

  it("surfaces the daily quota error of Drive.Files.create and stores nothing; the next day creates it", () => {
    const s = setup(new FakeDrive({ documentsLeft: 0 }));
    const run = new TemplateDocs(s.services);
    expect(() => run.documentId("年休假计划备案表")).toThrow(DOCS_QUOTA_ERROR);
    expect(run.created).toEqual([]);
    expect(s.props.documentValues.has("模板:年休假计划备案表")).toBe(false);
    expect(s.drive.live(GOOGLE_DOC)).toHaveLength(0);
    s.drive.documentsLeft = 1500;
    const tomorrow = new TemplateDocs(s.services);
    const id = tomorrow.documentId("年休假计划备案表");
    expect(tomorrow.created).toEqual(["年休假计划备案表"]);
    expect(s.props.documentValues.get("模板:年休假计划备案表")).toBe(id);
  });

  it("throws Drive's other errors on the check instead of taking the template for missing", () => {
    const s = setup();
    const id = new TemplateDocs(s.services).documentId("年度考核优秀等次名单");
    const quota = "Service invoked too many times for one day: drive.";
    const failing: DriveApiLike = {
      Files: {
        ...s.drive.api.Files,
        get: () => {
          throw new Error(quota);
        },
      },
    };
    s.reset();
    const run = new TemplateDocs({ ...s.services, drive: failing });
    expect(() => run.documentId("年度考核优秀等次名单")).toThrow(quota);
    expect(run.created).toEqual([]);
    expect(s.calls()).toEqual({});
    expect(s.props.documentValues.get("模板:年度考核优秀等次名单")).toBe(id);
  });

  it("does not take a same-named Doc the script cannot see (drive.file) for its template", () => {
    const s = setup();
    const root = s.drive.addUserFile("干部关怀激励文档", "application/vnd.google-apps.folder");
    s.drive.addUserFile("通报批评", GOOGLE_DOC, [root.id]);
    const id = new TemplateDocs(s.services).documentId("通报批评");
    expect(s.drive.files.get(id)!.byApp).toBe(true);
    expect(s.drive.path(id)).toBe("干部关怀激励文档/模板/通报批评");
    expect(s.drive.files.get(id)!.parents[0]).not.toBe(root.id);
  });

  it("refuses an unknown type in Chinese, without calling Drive", () => {
    const s = setup();
    expect(() => new TemplateDocs(s.services).documentId("会议纪要")).toThrow(
      "没有“会议纪要”这种公文的内置模板",
    );
    expect(s.calls()).toEqual({});
  });
});

describe("TemplateDocs on the Apps Script services (appsScriptTemplateServices)", () => {
  it("creates from the deployed project file under the manifest's scopes, from a menu and from a trigger", () => {
    const world = new AppsScriptWorld(manifestScopes());
    const menu = world.run("menu", () => {
      const docs = new TemplateDocs(appsScriptTemplateServices());
      return { id: docs.documentId("通报批评"), created: docs.created };
    });
    expect(menu.error).toBeUndefined();
    expect(menu.result!.created).toEqual(["通报批评"]);
    expect(menu.ctx.calls).toEqual(
      expect.arrayContaining([
        "PropertiesService.getDocumentProperties",
        "Drive.Files.create",
        "HtmlService.createHtmlOutputFromFile",
        "Utilities.base64Decode",
        "Utilities.newBlob",
      ]),
    );
    const file = world.google.drive.files.get(menu.result!.id)!;
    expect(world.google.drive.path(file.id)).toBe("干部关怀激励文档/模板/通报批评");
    expect(file.converted).toContainEqual({ text: "{发文字号}" });
    expect(world.props.documentValues.get("模板:通报批评")).toBe(file.id);

    // The background continuation (a trigger) reuses it.
    const trigger = world.run("trigger", () => {
      const docs = new TemplateDocs(appsScriptTemplateServices());
      return { id: docs.documentId("通报批评"), created: docs.created };
    });
    expect(trigger.error).toBeUndefined();
    expect(trigger.result).toEqual({ id: file.id, created: [] });
    expect(trigger.ctx.calls).not.toContain("Drive.Files.create");
  });
});
