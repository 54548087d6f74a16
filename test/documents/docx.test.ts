import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DocxSink, columnTwips, renderDocx, safeRelativePath } from "../../src/local/docx";
import { sampleFiling, sampleNotice } from "./samples";

async function parts(buf: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(buf);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) {
    if (name.endsWith(".xml")) out[name] = await zip.file(name)!.async("string");
  }
  return out;
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cadre-docx-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the .docx of a 通报批评, written to disk and unzipped", () => {
  it("has the GB/T 9704 page, fonts, sizes, spacing, 文号, date, 版记 and page numbers", async () => {
    const sink = new DocxSink(dir);
    const rel = sink.write(sampleNotice(), "2027/通报批评", null);
    expect(rel).toBe("2027/通报批评.docx");
    expect(sink.pending).toBe(1);
    await sink.flush();
    expect(sink.pending).toBe(0);
    const files = await parts(await readFile(path.join(dir, rel)));
    const xml = files["word/document.xml"];

    // A4 and the margins: 28 mm = 1587, 26 mm = 1474 twips; top and bottom where the 22 grid
    // lines begin and end around the 37 mm / 35 mm 版心 (34.2 mm = 1939, 33.0 mm = 1869).
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('w:top="1939"');
    expect(xml).toContain('w:bottom="1869"');
    expect(xml).toContain('w:left="1587"');
    expect(xml).toContain('w:right="1474"');

    // 发文机关标志 in red 方正小标宋简体 初号 (42 pt = 84 half-points).
    expect(xml).toMatch(
      /w:eastAsia="方正小标宋简体"[^>]*\/><w:b w:val="false"\/><w:bCs w:val="false"\/><w:snapToGrid w:val="false"\/><w:color w:val="FF0000"\/><w:sz w:val="84"\/>/,
    );
    expect(xml).toContain("中共魏县县委组织部</w:t>");
    // Title 2号 = 22 pt = 44, body 3号 = 16 pt = 32, eastAsia fonts.
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/>(<[^>]+>){4}<w:sz w:val="44"\/>/);
    // Body text on the grid, scaled to 98 % so 28 characters fit a line (w:w).
    expect(xml).toMatch(
      /w:eastAsia="仿宋_GB2312"[^>]*\/>(<[^>]+>){3}<w:w w:val="98"\/><w:sz w:val="32"\/>/,
    );
    expect(xml).toMatch(/w:eastAsia="黑体"[^>]*\/>(<[^>]+>){4}<w:sz w:val="32"\/>/);
    expect(xml).toMatch(/w:eastAsia="楷体_GB2312"[^>]*\/>(<[^>]+>){4}<w:sz w:val="32"\/>/);
    expect(count(xml, 'w:ascii="Times New Roman"')).toBeGreaterThan(10);
    // The document grid: 22 lines (592 twips: 21 pitches and a 16 pt line fill 225 mm) × 28
    // characters (16 pt − 842/4096 pt); body paragraphs at single spacing snap to it; a
    // two-cell (630 twips) first-line indent.
    expect(xml).toContain(
      '<w:docGrid w:type="linesAndChars" w:linePitch="592" w:charSpace="-842"/>',
    );
    expect(count(xml, 'w:line="240" w:lineRule="auto"')).toBeGreaterThan(5);
    // ...but the lines with figures in them (发文字号, the closing with its 成文日期) are off
    // the grid's cells at its pitch exactly, so a one-digit day leaves no half cell empty.
    expect(count(xml, 'w:line="592" w:lineRule="exact"')).toBeGreaterThanOrEqual(2);
    expect(files["word/styles.xml"]).toMatch(
      /w:styleId="Normal" w:default="1">[^]*?<w:sz w:val="32"\/>[^]*?<\/w:style>/,
    );
    expect(xml).toContain('w:firstLine="630"');
    // 发文字号 with 〔〕 and the red rule under it.
    expect(xml).toContain("魏组〔2027〕3号</w:t>");
    expect(xml).toMatch(/<w:bottom w:val="single" w:color="FF0000" w:sz="11" w:space="11"\/>/);
    // The title's manual line break (the sample model's own).
    expect(xml).toContain("关于对干部关怀激励措施落实不到位</w:t><w:cr/><w:t");
    // Title, 版头 and tables off the grid (w:snapToGrid 0 on the paragraph, for LibreOffice).
    expect(count(xml, '<w:snapToGrid w:val="0"/>')).toBeGreaterThan(10);
    // Table: header row repeated, rows kept whole, width of the 版心 (156 mm = 8844 twips).
    expect(count(xml, "<w:tblHeader/>")).toBe(1);
    expect(xml).toContain('<w:tblW w:type="dxa" w:w="8844"/>');
    expect(xml).toContain("魏县棘针寨镇人民政府</w:t>");
    // 附件说明, 落款, 成文日期 in Chinese.
    expect(xml).toContain("附件：1．逾期事项明细表</w:t>");
    expect(xml).toContain("　　　2．整改情况报告模板</w:t>");
    expect(xml).toContain("2027年4月15日</w:t>");
    // 版记: 抄送 and 印发 with the right tab, thick-thin-thick rules (0.35 mm = 8, 0.25 mm = 6),
    // one frame a line, the last ending on the 版心 bottom (12915 twips below the top margin).
    expect(xml).toContain("抄送：县委办公室，县人力资源和社会保障局。</w:t>");
    expect(xml).toMatch(
      /中共魏县县委组织部办公室<\/w:t><w:tab\/><w:t[^>]*>2027年4月15日印发<\/w:t>/,
    );
    expect(xml).toMatch(/<w:top w:val="single" w:color="000000" w:sz="6" w:space="0"\/>/);
    expect(xml).toMatch(/<w:bottom w:val="single" w:color="000000" w:sz="8" w:space="0"\/>/);
    expect(xml).toMatch(/<w:top w:val="single" w:color="000000" w:sz="8" w:space="0"\/>/);
    expect(count(xml, 'w:y="11731" w:hAnchor="margin" w:vAnchor="margin"')).toBe(1);
    expect(count(xml, 'w:y="12323" w:hAnchor="margin" w:vAnchor="margin"')).toBe(1);

    // Footers: "— PAGE —" in 4号 (28 half-points) 宋体, odd right and even left.
    const footers = Object.keys(files).filter((n) => /^word\/footer\d+\.xml$/.test(n));
    expect(footers).toHaveLength(2);
    for (const name of footers) {
      const f = files[name];
      expect(f).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(f).toContain(">— </w:t>");
      expect(f).toContain("> —</w:t>");
      expect(f).toContain('<w:sz w:val="28"/>');
      expect(f).toContain('w:eastAsia="宋体"');
    }
    expect(files["word/settings.xml"]).toContain("<w:evenAndOddHeaders/>");
    // Fallback fonts for Word and WPS where the GB fonts are missing (ECMA-376 §17.8.3):
    // alternative names, comma-delimited, and the PANOSE/charset/family Word matches on.
    const fontTable = files["word/fontTable.xml"];
    expect(fontTable).toContain(
      '<w:font w:name="仿宋_GB2312"><w:altName w:val="FangSong_GB2312,仿宋,FangSong"/>' +
        '<w:panose1 w:val="02010609030101010101"/><w:charset w:val="86"/>' +
        '<w:family w:val="modern"/><w:pitch w:val="default"/></w:font>',
    );
    expect(fontTable).toContain(
      '<w:font w:name="方正小标宋简体"><w:altName w:val="FZXiaoBiaoSong-B05S,小标宋,宋体,SimSun"/>' +
        '<w:charset w:val="86"/><w:family w:val="roman"/>',
    );
    expect(fontTable).toContain(
      '<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/>',
    );
    // Every font a run names has its entry.
    const named = new Set(
      [...xml.matchAll(/<w:rFonts [^>]*/g)].flatMap((m) =>
        [...m[0].matchAll(/w:(?:eastAsia|ascii)="([^"]+)"/g)].map((n) => n[1]),
      ),
    );
    expect(named.size).toBeGreaterThan(3);
    for (const name of named) expect(fontTable).toContain(`<w:font w:name="${name}">`);
  });
});

describe("the .docx of a 备案表", () => {
  it("has no 版头 or 版记, a 10.5 pt table with its 合计 row in bold, and a flush-right tab", async () => {
    const files = await parts(await renderDocx(sampleFiling()));
    const xml = files["word/document.xml"];
    const styles = files["word/styles.xml"];
    expect(xml).not.toContain("FF0000");
    expect(xml).not.toContain("印发");
    expect(xml).toContain("魏县财政局2027年度年休假执行及未休报酬情况备案表</w:t>");
    // Nine columns → 5号 (10.5 pt = 21 half-points), line pitch 16 pt (320 twips), set once
    // in the cells' paragraph styles (黑体 header, 仿宋 body) rather than in every cell.
    const style = (id: string) =>
      new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? "";
    for (const [id, font] of [
      ["TableHeader21", "黑体"],
      ["TableBody21", "仿宋_GB2312"],
    ]) {
      expect(style(id), id).toContain(`w:eastAsia="${font}"`);
      expect(style(id), id).toMatch(/<w:sz w:val="21"\/>/);
      expect(style(id), id).toContain('w:line="320" w:lineRule="exact"');
    }
    expect(count(xml, '<w:pStyle w:val="TableHeader21"/>')).toBe(9);
    expect(xml).toMatch(
      /<w:pStyle w:val="TableBody21"\/>(<[^>]+>){4}<w:r><w:rPr><w:b\/><w:bCs\/><w:snapToGrid w:val="false"\/><\/w:rPr><w:t xml:space="preserve">14577.00</,
    );
    expect(xml).toMatch(
      /填报单位（盖章）：魏县财政局<\/w:t><w:tab\/><w:t[^>]*>填报日期：2028年3月31日/,
    );
    expect(xml).toContain('<w:tab w:val="right" w:pos="8844"/>');
    expect(xml).toContain("2028年3月31日</w:t>");
    expect(count(xml, "<w:tr>")).toBe(7);
  });
});

describe("column widths", () => {
  it("share the 版心 width (8844 twips) in proportion, the rounding left to the last column", () => {
    const widths = columnTwips({
      kind: "table",
      header: ["a", "b", "c"],
      rows: [],
      columnWidths: [1, 1, 1],
    });
    expect(widths).toEqual([2948, 2948, 2948]);
    expect(
      columnTwips({ kind: "table", header: ["a", "b", "c"], rows: [], columnWidths: [1, 2, 4] }),
    ).toEqual([1263, 2526, 5055]);
    // Wrong count of widths: equal columns.
    expect(
      columnTwips({ kind: "table", header: ["a", "b"], rows: [], columnWidths: [1, 2, 3] }),
    ).toEqual([4422, 4422]);
  });
});

describe("DocxSink", () => {
  it("replaces an earlier file of the same document and overwrites the same path", async () => {
    const sink = new DocxSink(dir);
    const first = sink.write(sampleFiling(), "备案表-第1版", null);
    await sink.flush();
    expect(await readdir(dir)).toEqual(["备案表-第1版.docx"]);
    const second = sink.write(sampleFiling(), "备案表-第2版.docx", first);
    expect(second).toBe("备案表-第2版.docx");
    await sink.flush();
    expect(await readdir(dir)).toEqual(["备案表-第2版.docx"]);
    // Same path again: rewritten in place, nothing deleted.
    sink.write(sampleNotice(), "备案表-第2版.docx", second);
    await sink.flush();
    expect(await readdir(dir)).toEqual(["备案表-第2版.docx"]);
    const xml = (await parts(await readFile(path.join(dir, second))))["word/document.xml"];
    expect(xml).toContain("魏组〔2027〕3号");
  });

  it("keeps file names inside the output folder", () => {
    expect(safeRelativePath('魏县:财政局*2027?"备案"')).toBe("魏县_财政局_2027__备案_.docx");
    expect(safeRelativePath("./2027//表.DOCX")).toBe("2027/表.DOCX");
    expect(() => safeRelativePath("../etc/passwd")).toThrow("文档文件名“../etc/passwd”无效");
    expect(() => safeRelativePath("")).toThrow("无效");
  });
});
