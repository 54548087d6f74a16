/**
 * The text a Google Doc imported from a .docx shows, for the fake Drive's conversion
 * (./drive.ts): the body of word/document.xml (ECMA-376 Part 1, §17.2.2 body), in order, as
 * top-level blocks: a paragraph (w:p, §17.3.1.22) becomes { text }, a table (w:tbl, §17.4.38)
 * { rows } of its cells' texts (a cell's paragraphs joined by "\n"). In a paragraph, the runs'
 * w:t texts are joined; a break (w:br, w:cr) is "\u000b", the character the Docs API shows for a
 * line break inside a paragraph; a run's w:tab is "\t". Content controls (w:sdt) and framed
 * paragraphs count as ordinary ones; headers, footers and the section properties are not text of
 * the body. What the conversion does to layout (fonts, spacing, the document grid) is not
 * modelled: only a real Drive shows it (docs/部署检查清单.md).
 */
import PizZip from "pizzip";
import type { FakeBlock } from "./docsApi";

/** A top-level block of the converted Doc: the fake Docs build their document from these. */
export type ConvertedBlock = FakeBlock;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

export function docxText(docx: Buffer | Uint8Array): ConvertedBlock[] {
  const xml = new PizZip(docx).file("word/document.xml")?.asText();
  if (!xml) throw new Error("fake Drive: the .docx has no word/document.xml");
  const blocks: ConvertedBlock[] = [];
  const stack: string[] = [];
  let paragraph: string | null = null;
  let table: { rows: string[][]; depth: number } | null = null;
  let cell: string[] | null = null;
  let inText = false;
  const tag = /<(\/?)([\w:]+)[^>]*?(\/?)>|([^<]+)/g;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [, close, name, selfClose, text] = m;
    if (text !== undefined) {
      if (inText && paragraph !== null) paragraph += unescapeXml(text);
      continue;
    }
    const parent = stack.at(-1);
    if (close) {
      stack.pop();
      if (name === "w:t") inText = false;
      else if (name === "w:p" && paragraph !== null && !stack.includes("w:p")) {
        if (cell) cell.push(paragraph);
        else if (!table) blocks.push({ text: paragraph });
        paragraph = null;
      } else if (name === "w:tc" && table && stack.length === table.depth + 2) {
        table.rows.at(-1)!.push((cell ?? []).join("\n"));
        cell = null;
      } else if (name === "w:tbl" && table && stack.length === table.depth) {
        blocks.push({ rows: table.rows });
        table = null;
      }
      continue;
    }
    if (!selfClose) stack.push(name);
    if (name === "w:p" && paragraph === null) paragraph = "";
    else if (name === "w:t" && !selfClose) inText = true;
    else if ((name === "w:br" || name === "w:cr") && paragraph !== null) paragraph += "\u000b";
    else if (name === "w:tab" && parent === "w:r" && paragraph !== null) paragraph += "\t";
    else if (name === "w:tbl" && !table) table = { rows: [], depth: stack.length - 1 };
    else if (name === "w:tr" && table && stack.length === table.depth + 2) table.rows.push([]);
    else if (name === "w:tc" && table && stack.length === table.depth + 3) cell = [];
  }
  return blocks;
}
