/**
 * Documents rendered by LibreOffice and measured in the PDF (skipped, with the reason, where
 * soffice or poppler-utils are missing): a full body line holds 28 characters of 3号; body
 * lines follow the 579-twip grid pitch (22 lines in the 版心); no page holds only the 署名 and
 * the 成文日期; no title line ends inside a word of TITLE_WORDS.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { publishDocuments } from "../../src/workflows/publish";
import type { DocumentSink } from "../../src/workflows/ports";
import type { DocumentModel } from "../../src/documents/model";
import { buildSample } from "../../src/sample/sample";
import { dayFromYmd } from "../../src/rules/dates";
import { TemplateSet } from "../../src/local/docxTemplate";
import type { DocumentType } from "../../src/documents/builders";
import { TITLE_WORDS } from "../../src/documents/titles";
import { docxToPdf, readPdf, renderUnavailable } from "./pdfLayout";

const why = renderUnavailable();
const dir = mkdtempSync(path.join(tmpdir(), "cadre-render-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(why !== null)(`LibreOffice rendering${why ? ` (skipped: ${why})` : ""}`, () => {
  it("28 characters a line on the 22-line grid, closing kept with the text, titles broken by words", () => {
    const wb = XlsxWorkbook.create();
    loadRows(wb, buildSample());
    const date = dayFromYmd(2026, 12, 1);
    computeWorkbook(wb, date);
    const models = new Map<string, DocumentModel>();
    const sink: DocumentSink = {
      write: (doc, fileName) => {
        if (!models.has(doc.template!.template)) models.set(doc.template!.template, doc);
        return fileName;
      },
    };
    publishDocuments(wb, sink, { date, now: new Date("2026-12-01T09:00:00+08:00") });
    const set = new TemplateSet();
    const files = [...models].map(([type, m]) => {
      const file = path.join(dir, `${type}.docx`);
      writeFileSync(file, set.get(type as DocumentType).fill(m.template!.data));
      return file;
    });
    const pdfs = docxToPdf(files, dir);
    let fullLines = 0;
    const pitches: number[] = [];
    pdfs.forEach((pdf, i) => {
      const model = [...models.values()][i];
      const pages = readPdf(pdf);
      for (const page of pages) {
        // Body lines: 3号 text (box about 7.3 mm high) spanning the whole 版心 width.
        // A line that LibreOffice ended early because the next word is Latin or digits
        // ("（200%）" does not split) is justified wider: only the others must hold 28.
        page.lines.forEach((l, k) => {
          const cjk = /^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+$/.test(l.text);
          const next = page.lines[k + 1]?.text ?? "";
          // ...or moved its last character down so that no line starts with 「）」 (禁则).
          const latinNext =
            /^[（(《“]?[0-9A-Za-z%]/.test(next) || /^.[）》」』”’、，。；：！？]/.test(next);
          if (cjk && !latinNext && l.x1 - l.x0 > 150 && l.y1 - l.y0 > 6.5 && l.y1 - l.y0 < 8) {
            // A final 。or ， hung beyond the 版心 edge (标点悬挂) is not one of the 28.
            const hung = /[，。、；：！？）》」』”’]$/.test(l.text) && l.x1 > 184.3 ? 1 : 0;
            expect([...l.text].length - hung, `${pdf}: ${l.text} / ${next}`).toBe(28);
            fullLines++;
          }
        });
        const body = page.lines.filter((l) => l.y1 - l.y0 > 6.5 && l.y1 - l.y0 < 8);
        for (let k = 1; k < body.length; k++) {
          const d = body[k].y0 - body[k - 1].y0;
          if (d > 9 && d < 11) pitches.push(d);
        }
        // No page whose only text (page number aside) is the 署名 and the date.
        const text = page.lines.map((l) => l.text).filter((t) => !/^—\d+—$/.test(t));
        expect(
          text.length <= 2 && text.some((t) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(t)),
          `${pdf}: a page of ${text.join(" / ")}`,
        ).toBe(false);
      }
      // Title lines as rendered: none ends inside a listed word.
      const lines = model.title.split("\n");
      for (let k = 0; k < lines.length - 1; k++) {
        const joint = lines[k] + lines[k + 1];
        for (const w of TITLE_WORDS) {
          for (let at = joint.indexOf(w); at >= 0; at = joint.indexOf(w, at + 1)) {
            expect(
              at < lines[k].length && at + w.length > lines[k].length,
              `${w} in ${joint}`,
            ).toBe(false);
          }
        }
      }
    });
    expect(fullLines).toBeGreaterThan(3);
    // The grid pitch: 579 twips = 10.21 mm, so 22 lines fill the 225 mm 版心.
    const median = pitches.sort((a, b) => a - b)[Math.floor(pitches.length / 2)];
    expect(Math.abs(median - (579 / 20) * (25.4 / 72))).toBeLessThan(0.1);
    // 22 lines fill the 225 mm 版心 height to within 1 mm.
    expect(Math.abs(22 * median - 225)).toBeLessThan(1);
  });
});
