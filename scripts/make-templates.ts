/**
 * Writes the built-in document templates, templates/<类型>.docx, from the layout code: each
 * document type's skeleton (src/documents/builders, SKELETONS) drawn by src/local/docx.ts with
 * its placeholders, so the GB/T 9704 geometry (page, margins, document grid, fonts, 版头,
 * 版记) lives in the template a county edits. Run after changing a skeleton or the layout:
 *   npm run make-templates
 * test/documents/templates.test.ts fails while the committed templates differ from these.
 */
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { DOCUMENT_TYPES, SKELETONS } from "../src/documents/builders";
import { renderDocx } from "../src/local/docx";
import { templateFileName } from "../src/local/docxTemplate";

export async function makeTemplates(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const type of DOCUMENT_TYPES) {
    const file = path.join(dir, templateFileName(type));
    await writeFile(file, await renderDocx(SKELETONS[type], { template: true, fixedDates: true }));
    files.push(file);
  }
  return files;
}

if (require.main === module) {
  makeTemplates(process.argv[2] ?? "templates").then(
    (files) => {
      for (const f of files) console.log(f);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
