import { describe, it, expect } from "vitest";
import {
  type CellPatch,
  columnFromRef,
  dateStyles,
  decodeXml,
  isDateFormatCode,
  patchWorksheet,
  readSharedStrings,
  readWorksheet,
  serialFromDate,
  withoutCalcChain,
  workbookSheets,
} from "../../src/local/xlsxPackage";
import type { Cell } from "../../src/records/cells";
import { shanghaiDate } from "./specs";

const CONTEXT = { dateStyles: [false, false, true], date1904: false };

function sheet(data: string, cols = ""): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<dimension ref="A1:C3"/>${cols}<sheetData>${data}</sheetData>` +
    `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
  );
}

function patchOf(entries: [row: number, col: number, value: Cell][]): CellPatch {
  const patch: CellPatch = new Map();
  for (const [r, c, v] of entries) {
    if (!patch.has(r)) patch.set(r, new Map());
    patch.get(r)?.set(c, v);
  }
  return patch;
}

const ROW1 = `<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1" t="s"><v>1</v></c></row>`;
const ROW3 = `<row r="3" spans="1:3" ht="20" customHeight="1"><c r="A3"><v>7</v></c><c r="C3" s="2"><v>46000</v></c></row>`;

describe("patchWorksheet", () => {
  it("rewrites only the patched cells; other rows, cells and parts keep their bytes", () => {
    const xml = sheet(ROW1 + ROW3, `<cols><col min="2" max="2" width="12" style="2"/></cols>`);
    const out = patchWorksheet(
      xml,
      patchOf([
        [3, 1, 8.5],
        [3, 2, shanghaiDate(2027, 3, 31)],
      ]),
      CONTEXT,
    );
    expect(out).toBe(
      sheet(
        ROW1 +
          `<row r="3" ht="20" customHeight="1"><c r="A3"><v>8.5</v></c>` +
          `<c r="B3" s="2"><v>${serialFromDate(shanghaiDate(2027, 3, 31), false)}</v></c>` +
          `<c r="C3" s="2"><v>46000</v></c></row>`,
        `<cols><col min="2" max="2" width="12" style="2"/></cols>`,
      ),
    );
    expect(serialFromDate(shanghaiDate(2027, 3, 31), false)).toBe(46477);
  });

  it("adds new rows in order, writes text as inline text (never a formula) and widens the dimension", () => {
    const out = patchWorksheet(
      sheet(ROW1 + ROW3),
      patchOf([
        [2, 1, '=HYPERLINK("http://x")'],
        [5, 4, "甲 & <乙>"],
        [5, 5, true],
      ]),
      CONTEXT,
    ) as string;
    expect(out).toContain(
      ROW1 +
        `<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">=HYPERLINK("http://x")</t></is></c></row>` +
        ROW3 +
        `<row r="5"><c r="D5" t="inlineStr"><is><t xml:space="preserve">甲 &amp; &lt;乙&gt;</t></is></c>` +
        `<c r="E5" t="b"><v>1</v></c></row>`,
    );
    expect(out).toContain(`<dimension ref="A1:E5"/>`);
  });

  it("clears a cell to its style alone, and drops an unstyled one", () => {
    const out = patchWorksheet(
      sheet(ROW1 + ROW3),
      patchOf([
        [3, 1, null],
        [3, 3, ""],
      ]),
      CONTEXT,
    );
    expect(out).toContain(`<row r="3" ht="20" customHeight="1"><c r="C3" s="2"/></row>`);
  });

  it("fills a sheet without rows", () => {
    const xml = sheet("").replace("<sheetData></sheetData>", "<sheetData/>");
    expect(patchWorksheet(xml, patchOf([[1, 1, 5]]), CONTEXT)).toContain(
      `<sheetData><row r="1"><c r="A1"><v>5</v></c></row></sheetData>`,
    );
  });

  it("declines what it cannot write safely, so the caller saves through exceljs", () => {
    const date = shanghaiDate(2027, 1, 1);
    // A date into a cell whose style shows no date.
    expect(patchWorksheet(sheet(ROW1 + ROW3), patchOf([[3, 1, date]]), CONTEXT)).toBeNull();
    // The anchor of a shared formula.
    const shared = `<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f><v>4</v></c></row>`;
    expect(patchWorksheet(sheet(shared), patchOf([[1, 1, 1]]), CONTEXT)).toBeNull();
    // Characters XML cannot carry, and a number that is not finite.
    expect(patchWorksheet(sheet(ROW1), patchOf([[1, 1, "a\u0001b"]]), CONTEXT)).toBeNull();
    expect(patchWorksheet(sheet(ROW1), patchOf([[1, 1, Number.NaN]]), CONTEXT)).toBeNull();
    // Rows out of order, and something other than cells in a row.
    expect(patchWorksheet(sheet(ROW3 + ROW1), patchOf([[1, 1, 1]]), CONTEXT)).toBeNull();
    const ext = `<row r="1"><c r="A1"><v>1</v></c><extLst/></row>`;
    expect(patchWorksheet(sheet(ext), patchOf([[1, 1, 2]]), CONTEXT)).toBeNull();
  });
});

describe("reading the package", () => {
  it("reads shared strings as exceljs does: rich runs joined, phonetic guides dropped, escapes decoded", () => {
    const xml =
      `<sst count="4" uniqueCount="4"><si><t>参数</t></si>` +
      `<si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve">文 本</t></r></si>` +
      `<si><t>魏县</t><rPh sb="0" eb="2"><t>ウェイ</t></rPh></si>` +
      `<si><t>A &amp; B_x000D_</t></si><si/></sst>`;
    expect(readSharedStrings(xml)).toEqual(["参数", "富文 本", "魏县", "A & B\r", ""]);
    expect(readSharedStrings(`<sst><si><t><![CDATA[x]]></t></si></sst>`)).toBeNull();
  });

  it("reads each kind of cell; rows and cells without a reference follow the previous one", () => {
    const xml = sheet(
      `<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"><v>0.1</v></c><c r="C1" t="b"><v>1</v></c>` +
        `<c r="D1" s="2"><v>46477</v></c><c r="E1" t="e"><v>#N/A</v></c></row>` +
        `<row><c t="inlineStr"><is><t>内联</t></is></c><c><f>A1</f><v>3</v></c><c t="str"><f>A1</f><v>x&amp;y</v></c><c s="2"/></row>`,
    );
    expect(readWorksheet(xml, ["零", "一"], CONTEXT, (v) => v)).toEqual([
      ["一", 0.1, true, new Date(Date.UTC(2027, 2, 31))],
      ["内联", 3, "x&y"],
    ]);
    expect(
      readWorksheet(
        sheet(`<row r="1"><c r="A1" t="d"><v>2027-01-01</v></c></row>`),
        [],
        CONTEXT,
        (v) => v,
      ),
    ).toBeNull();
    expect(readWorksheet(sheet(`<!-- note --><row r="1"/>`), [], CONTEXT, (v) => v)).toBeNull();
    expect(
      readWorksheet(sheet(`<row r="1"><c r="A1" t="s"><v>9</v></c></row>`), [], CONTEXT, (v) => v),
    ).toBeNull();
  });

  it("tells date styles by exceljs's rule, and maps sheets to parts", () => {
    const styles =
      `<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>` +
      `<numFmt numFmtId="165" formatCode="#,##0.00&quot;元&quot;"/></numFmts>` +
      `<cellXfs count="6"><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="0"/></cellXfs></styleSheet>`;
    expect(dateStyles(styles)).toEqual([false, true, false, true, false, false]);
    expect(isDateFormatCode('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormatCode('0.00" days"')).toBe(false);
    expect(isDateFormatCode("[Red]0.00")).toBe(false);
    expect(columnFromRef("AB12")).toBe(28);
    expect(columnFromRef("a1")).toBe(0);
    expect(decodeXml("&#x4e2d;&#25991;&lt;")).toBe("中文<");

    const workbook = `<workbook><sheets><sheet name="参数" sheetId="1" r:id="rId2"/><sheet name="A&amp;B" sheetId="2" r:id="rId1"/></sheets></workbook>`;
    const rels =
      `<Relationships><Relationship Id="rId1" Type="ws" Target="/xl/worksheets/sheet2.xml"/>` +
      `<Relationship Id="rId2" Type="ws" Target="worksheets/sheet1.xml"/></Relationships>`;
    expect(workbookSheets(workbook, rels)).toEqual([
      { name: "参数", path: "xl/worksheets/sheet1.xml" },
      { name: "A&B", path: "xl/worksheets/sheet2.xml" },
    ]);
    const chartsheet = rels.replace("worksheets/sheet1.xml", "chartsheets/sheet1.xml");
    expect(workbookSheets(workbook, chartsheet)).toBeNull();
  });

  it("drops the calculation chain from the content types and relationships", () => {
    const types = `<Types><Override PartName="/xl/workbook.xml" ContentType="a"/><Override PartName="/xl/calcChain.xml" ContentType="b"/></Types>`;
    const rels = `<Relationships><Relationship Id="rId9" Type="c" Target="calcChain.xml"/><Relationship Id="rId1" Type="s" Target="styles.xml"/></Relationships>`;
    expect(withoutCalcChain(types, rels)).toEqual({
      contentTypes: `<Types><Override PartName="/xl/workbook.xml" ContentType="a"/></Types>`,
      workbookRels: `<Relationships><Relationship Id="rId1" Type="s" Target="styles.xml"/></Relationships>`,
    });
  });
});
