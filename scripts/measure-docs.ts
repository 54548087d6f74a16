/**
 * Renders every document of the sample workbook with LibreOffice and prints what the PDF
 * measures against GB/T 9704-2012 (test/render/measure.ts), per document type:
 *   npx esbuild scripts/measure-docs.ts --bundle --platform=node --outfile=/tmp/md.cjs \
 *     && node /tmp/md.cjs out/measure [--json]
 * The .docx and .pdf files stay in the folder, to look at (scripts/render-docs.sh makes PNGs).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { longNotice, writeSampleDocuments } from "../test/render/sampleDocs";
import { renderDocx } from "../src/local/docx";
import { docxToPdf, readPdf, renderUnavailable } from "../test/render/pdfLayout";
import { type DocumentFigures, measureDocument } from "../test/render/measure";

const dir = path.resolve(process.argv[2] ?? "out/measure");
const why = renderUnavailable();
if (why) {
  console.error(why);
  process.exit(3);
}
async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const docs = writeSampleDocuments(dir);
  const long = path.join(dir, "长通知.docx");
  writeFileSync(long, await renderDocx(longNotice()));
  docs.push({ type: "长通知" as never, model: longNotice(), file: long });
  const pdfs = docxToPdf(
    docs.map((d) => d.file),
    dir,
  );
  const rows: (DocumentFigures & { type: string; file: string })[] = docs.map((d, i) => ({
    type: d.type,
    file: path.basename(d.file),
    ...measureDocument(d.model, readPdf(pdfs[i])),
  }));
  writeFileSync(path.join(dir, "figures.json"), JSON.stringify(rows, null, 1));
  const range = (xs: number[]): string =>
    xs.length === 0 ? "—" : `${Math.min(...xs).toFixed(1)}…${Math.max(...xs).toFixed(1)}`;
  const types = [...new Set(rows.map((r) => r.type))];
  for (const type of types) {
    const of = rows.filter((r) => r.type === type);
    const all = <K extends keyof DocumentFigures>(k: K) =>
      of.flatMap((r) => {
        const v = r[k];
        return Array.isArray(v) ? (v as number[]) : v === null ? [] : [v as number];
      });
    console.log(
      [
        `${type} ×${of.length}`,
        `pages ${range(all("pages"))}`,
        `issuer ${range(all("issuerTopMm"))}`,
        `pgno gap ${range(all("pageNumberGapMm"))} side ${range(all("pageNumberSideMm"))}`,
        `date shift ${range(all("dateShiftChars"))} right ${range(all("closingRightChars"))}`,
        `版记 rule ${range(all("noteRuleOffsetMm"))} text ${range(all("noteTextOffsetMm"))}`,
        `top ${range(all("firstLineTopMm"))} bottom ${range(all("lastLineBottomMm"))}`,
        `chars ${range(all("fullLineChars"))} (${all("fullLineChars").length})`,
        `indented ${range(all("indentedLineChars"))} (${all("indentedLineChars").length})`,
        `lines ${range(all("fullPageLines"))} (${all("fullPageLines").length})`,
        `closing-only ${of.filter((r) => r.closingOnlyPages > 0).length}`,
        `blank ${of.filter((r) => r.blankPages > 0).length}`,
        `title ${of.filter((r) => r.titleBreaksInWords.length > 0).length}`,
        `split labels ${of.filter((r) => r.splitTableLabels.length > 0).length} (${[
          ...new Set(of.flatMap((r) => r.splitTableLabels)),
        ].join("、")})`,
        `approval split ${of.filter((r) => new Set(r.approvalPages).size > 1 || r.approvalHeaders > 1).length}`,
        `date gap ${range(all("dateGapMm"))} uneven ${range(all("dateUnevenMm"))}`,
        `文号 gap ${range(all("numberGapMm"))}`,
      ].join(" | "),
    );
  }
  console.log(`${rows.length} documents in ${dir}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
