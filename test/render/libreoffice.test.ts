/**
 * Documents rendered by LibreOffice (under scripts/fonts.conf, the standard's fonts mapped to
 * free fonts of the same metrics) and measured in the PDF (./measure), skipped with the reason
 * where soffice or poppler-utils are missing. GB/T 9704-2012:
 * - §5.2.1 28 characters on a full line (26 after the two-character indent), 22 lines on a
 *   full page, the first line's characters at the 版心 top and the last one's at its bottom;
 * - §7.2.4 the 发文机关标志's top 35 mm below the 版心 top;
 * - §7.3.5.2 成文日期 two characters right of the 署名, 右空二字 at least;
 * - §7.3.5 no page of 署名 and 日期 alone; no blank page; §7.3.1 no title line ending inside a
 *   word of TITLE_WORDS;
 * - §7.4 the 版记's last rule on the 版心 bottom of the last page;
 * - §7.5 the page number's 一字线 7 mm below the 版心, 一字 from its side.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderDocx } from "../../src/local/docx";
import { PAGE_NUMBER_PT } from "../../src/documents/layout";
import { PT_TO_MM, docxToPdf, readPdf, renderUnavailable } from "./pdfLayout";
import { type DocumentFigures, isBody, measureDocument, sizeOf } from "./measure";
import { longNotice, writeSampleDocuments } from "./sampleDocs";

const why = renderUnavailable();
const dir = mkdtempSync(path.join(tmpdir(), "cadre-render-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const near = (got: number[], want: number, tol: number): boolean =>
  got.every((x) => Math.abs(x - want) <= tol);

describe.skipIf(why !== null)(`LibreOffice rendering${why ? ` (skipped: ${why})` : ""}`, () => {
  it("the sample's documents measured against GB/T 9704", async () => {
    const docs = writeSampleDocuments(dir, { perType: 2 });
    const long = path.join(dir, "long.docx");
    writeFileSync(long, await renderDocx(longNotice()));
    const pdfs = docxToPdf([...docs.map((d) => d.file), long], dir);
    const figures: (DocumentFigures & { file: string })[] = docs.map((d, i) => ({
      file: path.basename(d.file),
      ...measureDocument(d.model, readPdf(pdfs[i])),
    }));
    const longPages = readPdf(pdfs[pdfs.length - 1]);
    const longFigures = { file: "long.docx", ...measureDocument(longNotice(), longPages) };
    // The measure's premise: poppler boxes 3号 text 1.3 × 16 pt high.
    const body = longPages[1].lines.filter(isBody);
    expect(body.length).toBeGreaterThan(0);
    expect(Math.abs(sizeOf(body[0]) - 16 * PT_TO_MM)).toBeLessThan(0.1);

    for (const f of [...figures, longFigures]) {
      const at = `${f.file}: ${JSON.stringify(f)}`;
      expect(
        f.fullLineChars.every((n) => n === 28),
        at,
      ).toBe(true);
      expect(
        f.indentedLineChars.every((n) => n === 26),
        at,
      ).toBe(true);
      expect(near(f.firstLineTopMm, 0, 1), at).toBe(true);
      expect(near(f.lastLineBottomMm, 0, 1), at).toBe(true);
      expect(
        f.fullPageLines.every((n) => n === 22),
        at,
      ).toBe(true);
      expect(near(f.pageNumberGapMm, 7, 0.5), at).toBe(true);
      expect(near(f.pageNumberSideMm, PAGE_NUMBER_PT * PT_TO_MM, 0.5), at).toBe(true);
      if (f.issuerTopMm !== null) expect(Math.abs(f.issuerTopMm - 35), at).toBeLessThan(0.5);
      expect(f.dateShiftChars, at).not.toBeNull();
      expect(Math.abs(f.dateShiftChars! - 2), at).toBeLessThan(0.15);
      expect(f.closingRightChars!, at).toBeGreaterThan(1.85);
      expect(f.closingOnlyPages, at).toBe(0);
      expect(f.blankPages, at).toBe(0);
      expect(f.titleBreaksInWords, at).toEqual([]);
      expect(f.titleLines.rendered, at).toBe(f.titleLines.model);
      // 成文日期 evenly spaced: no half cell after a one-digit day (2026年12月1 日).
      expect(f.dateUnevenMm, at).not.toBeNull();
      expect(f.dateUnevenMm!, at).toBeLessThanOrEqual(0.5);
    }
    const notices = [...figures.filter((f) => f.file.startsWith("通报")), longFigures];
    expect(notices.length).toBe(3);
    for (const f of notices) {
      expect(f.noteRuleOffsetMm, `${f.file}: ${JSON.stringify(f)}`).not.toBeNull();
      expect(Math.abs(f.noteRuleOffsetMm!), f.file).toBeLessThan(1);
    }
    // 年休假计划备案表 and 审批表: every header cell and the 合计 on one line (not 合/计, 工作年/限);
    // the three approval rows on one page, under one header (no opinion row alone on a page
    // under a repeated 审批环节 header).
    const plans = figures.filter((f) => f.file.startsWith("年休假计划备案表"));
    expect(plans.length).toBe(2);
    for (const f of plans) expect(f.splitTableLabels, f.file).toEqual([]);
    const awards = figures.filter((f) => f.file.startsWith("奖金发放审批表"));
    expect(awards.length).toBe(2);
    for (const f of awards) {
      const at = `${f.file}: ${JSON.stringify(f)}`;
      expect(f.splitTableLabels, at).toEqual([]);
      expect(f.approvalPages.length, at).toBe(3);
      expect(new Set(f.approvalPages).size, at).toBe(1);
      expect(f.approvalHeaders, at).toBe(1);
    }
    // Enough was measured for the figures to mean something.
    const all = [...figures, longFigures];
    expect(all.flatMap((f) => f.fullLineChars).length).toBeGreaterThan(20);
    expect(all.flatMap((f) => f.indentedLineChars).length).toBeGreaterThan(5);
    expect(longFigures.fullPageLines.length).toBeGreaterThan(0);
    expect(longFigures.lastLineBottomMm.length).toBeGreaterThan(1);
    expect(longFigures.firstLineTopMm.length).toBeGreaterThan(1);
  });
});
