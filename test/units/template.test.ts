/**
 * split writes each unit's file by patching the unit's cells into one template per split
 * (src/local/commands/split.ts unitFile), not by building the exceljs model per unit
 * (unitWorkbook). The two must give the same file: the same sheets and values, every cell
 * with the same style, and the same layout (columns, protection, dropdowns, notes).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  unitFile,
  unitFileBytes,
  unitTemplate,
  unitWorkbook,
} from "../../src/local/commands/split";
import { PatchedWorkbook } from "../../src/local/xlsxPatch";
import { openCadreWorkbook } from "../../src/local/commands/workbook";
import { type UnitPayload, planSplit } from "../../src/workflows/units";
import { fileHandBack } from "../../src/local/commands/split";
import { NOW, d, sampleHub } from "./helpers";

let dir: string;
let payloads: UnitPayload[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-unittemplate-"));
  const hub = await openCadreWorkbook(await sampleHub(dir));
  const plan = planSplit(hub, {
    handBack: fileHandBack("2027年3月20日"),
    now: NOW,
    hubName: "台账.xlsx",
  });
  payloads = plan.units.map((unit, i) =>
    plan.payload(unit, {
      splitId: `20270301100000-abcdef-${i + 1}`,
      at: NOW.toISOString(),
      secret: "s",
    }),
  );
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Each cell of each sheet: its value and the cell format (xf) it is shown with. */
async function cells(data: Uint8Array): Promise<Map<string, string>> {
  const wb = (await PatchedWorkbook.load(data, "unit.xlsx")) as PatchedWorkbook;
  const zip = await JSZip.loadAsync(data);
  const text = (name: string) => zip.file(name)!.async("string");
  const styles = await text("xl/styles.xml");
  const fmts = new Map(
    [...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
  const part = (tag: string) =>
    [
      ...new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`)
        .exec(styles)![1]
        .matchAll(/<(?:font|fill|border)\b[\s\S]*?(?:\/>|<\/(?:font|fill|border)>)/g),
    ].map((m) => m[0]);
  const [fonts, fills, borders] = [part("fonts"), part("fills"), part("borders")];
  const xfs = [
    .../<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/
      .exec(styles)![1]
      .matchAll(/<xf ([^>]*?)(?:\/>|>([\s\S]*?)<\/xf>)/g),
  ].map((m) => {
    const a = (n: string) => new RegExp(`${n}="(\\d+)"`).exec(m[1])?.[1] ?? "0";
    return [
      fmts.get(a("numFmtId")) ?? a("numFmtId"),
      fonts[+a("fontId")],
      fills[+a("fillId")],
      borders[+a("borderId")],
      m[2] ?? "",
    ].join("|");
  });
  const workbook = await text("xl/workbook.xml");
  const rels = await text("xl/_rels/workbook.xml.rels");
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"/g)) {
    const target =
      new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
      new RegExp(`Target="([^"]+)"[^>]*Id="${m[2]}"`).exec(rels)![1];
    const xml = await text(`xl/${target.replace(/^\/?xl\//, "")}`);
    const grid = wb.readSheet(m[1]) ?? [];
    for (const c of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>)/g)) {
      const style = /\bs="(\d+)"/.exec(c[2])?.[1] ?? "0";
      out.set(`${m[1]}!${c[1]} style`, xfs[+style]);
    }
    grid.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null && v !== undefined)
          out.set(
            `${m[1]}!${r + 1},${c + 1}`,
            v instanceof Date ? `d${v.getTime()}` : `${typeof v}:${v}`,
          );
      }),
    );
    // Everything about the sheet but its cells and the span of its data.
    out.set(
      `${m[1]} layout`,
      xml
        .replace(/<sheetData\/>|<sheetData>[\s\S]*<\/sheetData>/, "")
        .replace(/<dimension [^>]*\/>/, ""),
    );
  }
  for (const name of Object.keys(zip.files).filter((n) => /comments|vmlDrawing|\.rels$/.test(n)))
    out.set(name, await text(name));
  out.set("sheets", workbook.replace(/<definedNames>[\s\S]*?<\/definedNames>/, ""));
  return out;
}

describe("unit files patched into the split's template", () => {
  it("hold the same values, cell formats and layout as the full exceljs model, for every unit", async () => {
    const template = await unitTemplate(payloads[0]);
    expect(payloads.length).toBeGreaterThan(5);
    for (const payload of payloads) {
      const patched = await unitFile(template, payload);
      expect(patched, payload.unit).not.toBeNull();
      const fast = await cells(patched!);
      const full = await cells(await unitWorkbook(payload));
      // Styled empty cells are written by both; compare cell by cell, then the rest.
      expect(new Set(fast.keys()), payload.unit).toEqual(new Set(full.keys()));
      for (const [k, v] of full) expect(fast.get(k), `${payload.unit} ${k}`).toEqual(v);
    }
  }, 120_000);

  it("the template holds no unit's value: no unit, 人员编号, name or 身份证号 in any cell or string", async () => {
    const template = await unitTemplate(payloads[0]);
    const zip = await JSZip.loadAsync(template.bytes);
    const strings = await zip.file("xl/sharedStrings.xml")!.async("string");
    const wb = (await PatchedWorkbook.load(template.bytes, "template.xlsx"))!;
    const values = new Set<string>();
    for (const name of wb.sheetNames())
      for (const row of wb.readSheet(name) ?? [])
        for (const v of row) if (v !== null) values.add(String(v));
    const people = payloads[0].sheets.find((s) => s.name === "人员")!;
    const at = (n: string) => people.header.indexOf(n);
    for (const p of payloads) {
      expect(values.has(p.unit), p.unit).toBe(false);
      expect(strings.includes(p.unit), p.unit).toBe(false);
    }
    for (const row of people.rows)
      for (const v of [row[at("人员编号")], row[at("姓名")], row[at("身份证号")]]) {
        expect(values.has(String(v)), String(v)).toBe(false);
        expect(strings.includes(String(v)), String(v)).toBe(false);
      }
    expect(wb.readSheet("拆分信息")).toEqual([]);
    expect(wb.readSheet("人员")).toHaveLength(1);
  }, 60_000);

  it("a value the template cannot take (a date in a text column) is written whole by exceljs", async () => {
    const template = await unitTemplate(payloads[0]);
    const payload = structuredClone(payloads[1]);
    const people = payload.sheets.find((s) => s.name === "人员")!;
    people.rows[0][people.header.indexOf("姓名")] = d(2020, 5, 6);
    // structuredClone gave the payload copies of the reference sheets: put the plan's back.
    payload.sheets = payload.sheets.map((s, i) =>
      s.kind === "reference" ? payloads[1].sheets[i] : s,
    );
    expect(await unitFile(template, payload)).toBeNull();
    const bytes = await unitFileBytes(template, payload);
    const wb = (await PatchedWorkbook.load(bytes, "unit.xlsx"))!;
    const grid = wb.readSheet("人员")!;
    expect(grid[1][people.header.indexOf("姓名")]).toEqual(d(2020, 5, 6));
  }, 60_000);
});
