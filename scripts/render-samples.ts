/**
 * Writes the two sample documents of test/documents/samples.ts as .docx into a folder, for
 * scripts/render-docs.sh to turn into PDF and PNG:
 *   npx esbuild scripts/render-samples.ts --bundle --platform=node --outfile=/tmp/rs.cjs \
 *     && node /tmp/rs.cjs out/samples
 */
import { DocxSink } from "../src/local/docx";
import { sampleFiling, sampleNotice } from "../test/documents/samples";

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? "out/samples";
  const sink = new DocxSink(outDir);
  const files = [
    sink.write(sampleFiling(), "备案表-样例", null),
    sink.write(sampleNotice(), "通报批评-样例", null),
  ];
  await sink.flush();
  for (const f of files) console.log(`${outDir}/${f}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
