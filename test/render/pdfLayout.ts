/**
 * Reads a rendered PDF back as pages of text lines with their boxes (pdftotext -bbox-layout)
 * and the horizontal rules drawn on each page (pdftocairo -svg: stroked paths and filled thin
 * rectangles), in millimetres from the top-left corner of the page. Used by the rendering test
 * and by scripts/measure-docs.ts.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { sofficeConvert } from "./soffice";
import { tmpdir } from "node:os";
import * as path from "node:path";

export const PT_TO_MM = 25.4 / 72;

export interface TextLine {
  text: string;
  /** The words pdftotext finds in the line (split where the gap is wide), with their x, mm. */
  words: { text: string; x0: number; x1: number }[];
  /** Box in mm from the page's top-left corner. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Rule {
  x0: number;
  x1: number;
  /** Vertical position (centre of the stroke) and thickness, mm. */
  y: number;
  width: number;
}

export interface PdfPage {
  lines: TextLine[];
  rules: Rule[];
}

function commandExists(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Why rendering cannot run here, or null when soffice, pdftotext and pdftocairo exist. */
export function renderUnavailable(): string | null {
  for (const cmd of ["soffice", "pdftotext", "pdftocairo"]) {
    if (!commandExists(cmd)) {
      return `${cmd} not installed (apt-get install libreoffice-writer poppler-utils fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming)`;
    }
  }
  return null;
}

/** scripts/fonts.conf: the GB/T 9704 fonts mapped to free fonts of the same metrics. */
export const FONTS_CONF = path.resolve("scripts/fonts.conf"); // from the repository root

/**
 * Converts every .docx to PDF with LibreOffice (one soffice run) under scripts/fonts.conf, as
 * scripts/render-docs.sh does; returns the PDF paths.
 */
export function docxToPdf(files: string[], outDir: string): string[] {
  const pdfs = sofficeConvert(files, "pdf", outDir, {
    fontconfigFile: existsSync(FONTS_CONF) ? FONTS_CONF : undefined,
  });
  pdfs.forEach((pdf, i) => {
    if (!existsSync(pdf)) throw new Error(`LibreOffice wrote no PDF for ${files[i]}`);
  });
  return pdfs;
}

const num = (s: string): number => Number(s) * PT_TO_MM;

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Text lines of every page, in reading order. */
export function pdfLines(pdf: string): TextLine[][] {
  const xml = execFileSync("pdftotext", ["-bbox-layout", pdf, "-"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const pages: TextLine[][] = [];
  for (const page of xml.split("<page ").slice(1)) {
    const lines: TextLine[] = [];
    const lineRe =
      /<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g;
    for (const m of page.matchAll(lineRe)) {
      const words = [
        ...m[5].matchAll(
          /<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g,
        ),
      ].map((w) => ({ text: decode(w[3]), x0: num(w[1]), x1: num(w[2]) }));
      lines.push({
        text: words.map((w) => w.text).join(""),
        words,
        x0: num(m[1]),
        y0: num(m[2]),
        x1: num(m[3]),
        y1: num(m[4]),
      });
    }
    pages.push(lines);
  }
  return pages;
}

/**
 * Horizontal rules of every page from pdftocairo's SVG: each stroked horizontal line segment
 * ("M x y L x y" with equal y) and each filled rectangle much wider than high.
 */
export function pdfRules(pdf: string): Rule[][] {
  const dir = mkdtempSync(path.join(tmpdir(), "cadre-svg-"));
  try {
    const count = pdfLines(pdf).length;
    const out: Rule[][] = [];
    for (let p = 1; p <= count; p++) {
      const svg = path.join(dir, `p${p}.svg`);
      execFileSync("pdftocairo", ["-svg", "-f", String(p), "-l", String(p), pdf, svg]);
      out.push(svgRules(readFileSync(svg, "utf8")));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function svgRules(svg: string): Rule[] {
  const rules: Rule[] = [];
  // Stroked paths: <path fill="none" stroke-width="W" ... d="M x0 y0 L x1 y1 " transform="matrix(a,b,c,d,e,f)"/>
  for (const m of svg.matchAll(/<path([^>]*)\/>/g)) {
    const attrs = m[1];
    const d = /\sd="([^"]*)"/.exec(attrs)?.[1];
    if (!d || !/transform=/.test(attrs)) continue; // glyph outlines live in <symbol>s, untransformed
    const t = /transform="matrix\(([^)]*)\)"/.exec(attrs)?.[1];
    const [a, b, c, dd, e, f] = t ? t.split(",").map(Number) : [1, 0, 0, 1, 0, 0];
    const apply = (x: number, y: number): [number, number] => [
      a * x + c * y + e,
      b * x + dd * y + f,
    ];
    const nums = (d.match(/-?[\d.]+/g) ?? []).map(Number);
    const stroke = /stroke-width[:=]"?([\d.]+)/.exec(attrs);
    const filled = !/fill[:=]"?none/.test(attrs) && !stroke;
    if (stroke && /^\s*M[^A-Z]*L[^A-Z]*$/.test(d) && nums.length === 4) {
      const [x0, y0] = apply(nums[0], nums[1]);
      const [x1, y1] = apply(nums[2], nums[3]);
      const scale = Math.hypot(a, b) || 1;
      if (Math.abs(y0 - y1) < 0.01 && Math.abs(x1 - x0) > 10) {
        rules.push({
          x0: Math.min(x0, x1) * PT_TO_MM,
          x1: Math.max(x0, x1) * PT_TO_MM,
          y: y0 * PT_TO_MM,
          width: Number(stroke[1]) * scale * PT_TO_MM,
        });
      }
    } else if (filled && /^\s*M[^A-Z]*(L[^A-Z]*){3}Z\s*$/.test(d) && nums.length === 8) {
      const pts = [0, 2, 4, 6].map((i) => apply(nums[i], nums[i + 1]));
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const w = Math.max(...xs) - Math.min(...xs);
      const h = Math.max(...ys) - Math.min(...ys);
      if (w > 10 && h < 2.5) {
        rules.push({
          x0: Math.min(...xs) * PT_TO_MM,
          x1: Math.max(...xs) * PT_TO_MM,
          y: ((Math.max(...ys) + Math.min(...ys)) / 2) * PT_TO_MM,
          width: h * PT_TO_MM,
        });
      }
    }
  }
  return rules;
}

/** Lines and rules of every page of a PDF. */
export function readPdf(pdf: string): PdfPage[] {
  const lines = pdfLines(pdf);
  const rules = pdfRules(pdf);
  return lines.map((l, i) => ({ lines: l, rules: rules[i] ?? [] }));
}

/** Every file of a folder with an extension. */
export function filesWith(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(dir, f));
}
