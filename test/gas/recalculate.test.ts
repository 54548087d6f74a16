import { describe, expect, it } from "vitest";
import { recalculate } from "../../src/gas/entrypoints";
import { SheetsWorkbook } from "../../src/gas/sheets";
import { SHEETS } from "../../src/records/schema";
import { setupWorkbook } from "../../src/workflows/setup";
import {
  asSpreadsheet,
  asSpreadsheetApp,
  createFakeSpreadsheet,
  createFakeSpreadsheetApp,
} from "../fakes";

function formulasOf(ss: ReturnType<typeof createFakeSpreadsheet>): string[] {
  const all: string[] = [];
  for (const spec of SHEETS) {
    const sheet = asSpreadsheet(ss).getSheetByName(spec.name)!;
    all.push(...sheet.getRange(1, 1, 1, sheet.getLastColumn()).getFormulas()[0].filter(Boolean));
  }
  return all;
}

describe("menu 重新计算", () => {
  it("re-enters every system formula once, with a fixed number of calls", () => {
    const ss = createFakeSpreadsheet();
    setupWorkbook(
      new SheetsWorkbook(asSpreadsheet(ss), asSpreadsheetApp(createFakeSpreadsheetApp(ss))),
    );
    const before = formulasOf(ss);
    const expected = SHEETS.flatMap((s) => s.columns.filter((c) => c.formula)).length;
    expect(before).toHaveLength(expected);

    let flushes = 0;
    let clearedAtFlush = -1;
    const count = recalculate(asSpreadsheet(ss), () => {
      flushes++;
      clearedAtFlush = formulasOf(ss).length;
    });
    expect(count).toBe(expected);
    expect(flushes).toBe(1);
    expect(clearedAtFlush).toBe(0); // every formula was cleared before Sheets flushed
    expect(formulasOf(ss)).toEqual(before);
  });
});
