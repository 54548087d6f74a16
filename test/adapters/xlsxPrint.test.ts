/**
 * Every sheet of a workbook written by init, and again after compute's patched save, prints on
 * A4 landscape, one page wide, with the header row repeated and the sheet name and page number
 * in the footer (checked in the package's XML, as Excel and LibreOffice read it).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initCommand } from "../../src/local/commands/init";
import { computeCommand } from "../../src/local/commands/compute";
import { memoryIO } from "../../src/local/io";
import { SHEETS } from "../../src/records/schema";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cadre-print-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function printSettings(file: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const out = new Map<string, string>();
  const sheets = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)];
  sheets.forEach(([, name, rid], index) => {
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? "";
    out.set(name, `${index}|${target}`);
  });
  const result = new Map<string, string>();
  for (const [name, info] of out) {
    const [index, target] = info.split("|");
    const xml = await zip.file(`xl/${target.replace(/^\/?xl\//, "")}`)!.async("string");
    const titles = new RegExp(
      `<definedName name="_xlnm.Print_Titles" localSheetId="${index}">([^<]*)<`,
    ).exec(workbook)?.[1];
    result.set(
      name,
      [
        /<pageSetUpPr[^>]*fitToPage="1"/.test(xml) ? "fit" : "nofit",
        /<pageSetup[^>]*paperSize="9"/.test(xml) ? "A4" : "paper?",
        /<pageSetup[^>]*orientation="landscape"/.test(xml) ? "landscape" : "portrait",
        /<pageSetup[^>]*fitToWidth="1"/.test(xml) ? "1wide" : "wide?",
        /<pageSetup[^>]*fitToHeight="0"/.test(xml) ? "anyTall" : "tall?",
        /<oddFooter>&amp;L&amp;A&amp;R第 &amp;P 页，共 &amp;N 页<\/oddFooter>/.test(xml)
          ? "footer"
          : "footer?",
        titles?.endsWith("!$1:$1") ? "titles" : `titles?${titles}`,
      ].join(" "),
    );
  }
  return result;
}

describe("print settings of the workbook", () => {
  it("every sheet: A4 landscape, one page wide, header row repeated, name and page in the footer", async () => {
    const file = path.join(dir, "台账.xlsx");
    expect(await initCommand(file, memoryIO(new Date("2026-12-01T09:00:00+08:00")))).toBe(0);
    const want = "fit A4 landscape 1wide anyTall footer titles";
    const afterInit = await printSettings(file);
    expect([...afterInit.keys()].sort()).toEqual(SHEETS.map((s) => s.name).sort());
    for (const [name, settings] of afterInit) expect(settings, name).toBe(want);

    // compute saves through the patched package: the settings stay.
    await computeCommand(file, memoryIO(new Date("2026-12-01T09:00:00+08:00")));
    for (const [name, settings] of await printSettings(file)) expect(settings, name).toBe(want);
  });
});
