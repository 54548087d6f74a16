/**
 * Fills the .docx templates (templates/<类型>.docx, or a county's edited copies) with
 * docxtemplater. Each template is read, checked and compiled once (`loadTemplate`) and then
 * filled for every document of its type (`fill`): docxtemplater's compiled parts are rendered
 * again with each document's data (the parse is done once; values and loops by FastRender,
 * anything else by docxtemplater's own render), and the package
 * is zipped with node:zlib, reusing the compressed bytes of every part that holds no
 * placeholder. test/documents/templates.test.ts checks that this gives what a fresh
 * docxtemplater instance gives.
 *
 * A template that lacks a placeholder the document type needs, or carries one it does not
 * know, is refused with a Chinese error naming the placeholder and the file.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import PizZip from "pizzip";
import Docxtemplater from "docxtemplater";
// docxtemplater's scope manager: what render() builds for each part (not in its typings).
import createScope from "docxtemplater/js/scope-manager.js";
import renderParts from "docxtemplater/js/render.js";
import { SKELETONS, DOCUMENT_TYPES, type DocumentType } from "../documents/builders";
import { placeholderProblem, type TemplateData } from "../documents/template";

/** Deflate level of every part (the bench's floor uses the same). */
export const ZIP_LEVEL = 6;

/** The folder of the built-in templates: templates/ beside the package (dist/node/../../). */
export function builtInTemplatesDir(): string {
  const candidates = [
    typeof __dirname === "undefined" ? null : path.join(__dirname, "..", "..", "templates"),
    path.join(process.cwd(), "templates"),
  ].filter((d): d is string => d !== null);
  for (const dir of candidates) {
    if (existsSync(path.join(dir, `${DOCUMENT_TYPES[0]}.docx`))) return dir;
  }
  throw new Error(`找不到内置文档模板（templates/${DOCUMENT_TYPES[0]}.docx）`);
}

/** The file name of a type's template. */
export function templateFileName(type: DocumentType): string {
  return `${type}.docx`;
}

/** A template error the user can act on (missing file, unknown or missing placeholder). */
export class TemplateError extends Error {}

interface Part {
  placeholder?: boolean;
  type: string;
  value?: string;
  module?: string;
  subparsed?: Part[];
}
interface Module {
  postrender(parts: unknown[], options: unknown): unknown[];
}
interface CompiledPart {
  postparsed: Part[];
  getOptions(): Record<string, unknown> & { modules: Module[] };
  errorChecker(errors: unknown[]): void;
  filePath: string;
  cachedParsers: unknown;
  scopeManager: unknown;
  /** The rendered XML: a string, or its UTF-8 bytes for a large part. */
  content?: string | Uint8Array;
  allErrors?: unknown[];
  render(to: string): void;
}
interface Compiled {
  compiled: Record<string, CompiledPart>;
  parser: unknown;
}

function tagsOfParts(parts: Part[], out: Set<string>): void {
  for (const p of parts) {
    if (p.type === "placeholder" && p.value !== undefined) {
      out.add(p.value.trim());
      if (p.subparsed) tagsOfParts(p.subparsed, out);
    }
  }
}

interface ZipEntry {
  name: Buffer;
  crc: number;
  size: number;
  data: Buffer;
  method: 0 | 8;
}

function entry(name: string, content: Buffer): ZipEntry {
  const data = deflateRawSync(content, { level: ZIP_LEVEL });
  return {
    name: Buffer.from(name, "utf8"),
    crc: crc32(content),
    size: content.length,
    data,
    method: 8,
  };
}

/** A zip (stored names UTF-8, deflated data) of the entries, in order. */
export function zipEntries(entries: readonly ZipEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, e.name, e.data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt32LE(0, 12);
    c.writeUInt32LE(e.crc >>> 0, 16);
    c.writeUInt32LE(e.data.length, 20);
    c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(e.name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, e.name);
    offset += 30 + e.name.length + e.data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, dir, end]);
}

/** `value` opens the element `name` (docxtemplater's isStarting, without scanning the string). */
function opens(value: unknown, name: string): boolean {
  if (typeof value !== "string" || !value.startsWith(name, 1) || value[0] !== "<") return false;
  const next = value[name.length + 1];
  return next === ">" || next === " " || next === "/";
}

interface ShouldContain {
  tag: string;
  shouldContain: string[];
  value?: string;
  drop?: boolean;
  dropParent?: string;
}

const WHITE_SPACE = /^[ \n\r\t]+$/;
const DOCX_CONTENT_TYPES = new Set([
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  "application/vnd.ms-word.document.macroEnabled.main+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
  "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
]);

/**
 * docxtemplater's join-uncorrupt step (an empty paragraph after a table that ends a cell or
 * the body; a cell, row or table a loop left empty given its paragraph or dropped), with the
 * same rules and order, in one pass per rule. It is run for every loop iteration, and its
 * isStarting test (`value.indexOf("<" + tag) === 0`) scans the whole of each piece, tens of
 * KB for a rendered table, which made it half the fill time; `opens` looks at the start only.
 * test/documents/templates.test.ts compares the result with docxtemplater's own.
 */
export function joinUncorrupt(parts: unknown[], config: unknown): unknown[] {
  const options = config as {
    fileTypeConfig: { tagShouldContain?: ShouldContain[] };
    contentType?: string;
  };
  if (options.contentType !== undefined && DOCX_CONTENT_TYPES.has(options.contentType)) {
    let last = "";
    for (let i = 0; i < parts.length; i++) {
      const piece = parts[i];
      if (typeof piece !== "string") continue;
      let p = piece;
      if (WHITE_SPACE.test(p) || p.startsWith("<w:bookmarkEnd")) continue;
      if (
        last.endsWith("</w:tbl>") &&
        !["<w:p", "<w:tbl", "<w:sectPr", "</w:ftr>", "</w:hdr>"].some((x) => p.startsWith(x))
      ) {
        p = `<w:p/>${p}`;
        parts[i] = p;
      }
      last = p;
    }
  }
  let collecting = -1;
  let startIndex = -1;
  const rules = options.fileTypeConfig.tagShouldContain ?? [];
  rules.forEach(({ tag, shouldContain, value, drop, dropParent }, j) => {
    const close = `</${tag}>`;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (typeof part !== "string" && part instanceof Uint8Array) continue;
      if (collecting === j) {
        if (part === close) {
          collecting = -1;
          if (dropParent) {
            let start = -1;
            for (let k = startIndex; k > 0; k--) {
              if (opens(parts[k], dropParent)) {
                start = k;
                break;
              }
            }
            for (let k = start; k <= parts.length; k++) {
              const end = parts[k] === `</${dropParent}>`;
              parts[k] = "";
              if (end) break;
            }
          } else {
            // What was collected: the pieces from the opening one, untouched since.
            const collected = drop
              ? ""
              : parts
                  .slice(startIndex, i)
                  .filter((x) => !(x instanceof Uint8Array))
                  .join("");
            for (let k = startIndex; k <= i; k++) parts[k] = "";
            if (!drop) parts[i] = collected + (value ?? "") + String(part);
          }
        } else if (typeof part === "string" && part.charCodeAt(0) === 60) {
          for (const c of shouldContain) {
            if (opens(part, c)) {
              collecting = -1;
              break;
            }
          }
        }
      }
      if (
        collecting === -1 &&
        typeof part === "string" &&
        part.charCodeAt(0) === 60 &&
        opens(part, tag) &&
        part.indexOf("<", 1) === -1
      ) {
        if (part[part.length - 2] === "/") parts[i] = "";
        else {
          startIndex = i;
          collecting = j;
        }
      }
    }
  });
  return parts;
}

/** Parts of docxtemplater's compiled template, as far as the fast fill reads them. */
interface RenderPart extends Part {
  tag?: string;
  position?: string;
  inverted?: boolean;
  hasPageBreak?: boolean;
  hasPageBreakBeginning?: boolean;
  sectPrCount?: number;
  lastParagrapSectPr?: string;
  addNextPage?: unknown;
  addContinuousType?: boolean;
  subparsed?: RenderPart[];
}

/** The fast fill does not do this part: the document goes through docxtemplater's render. */
class NotFast extends Error {}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
/** docxtemplater's utf8ToWord: the five XML characters escaped. */
const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
// docxtemplater refuses these in a value (hasCorruptCharacters): leave it to say so.
// eslint-disable-next-line no-control-regex
const CORRUPT = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

/** Whether the fast fill can do every part of a compiled template (checked once, at load). */
function fastFillable(parts: RenderPart[]): boolean {
  return parts.every((p) => {
    if (p.type === "content" || p.type === "tag") {
      return p.tag !== "a16:rowId" && p.tag !== "a:tr" && p.tag !== "p:xfrm";
    }
    if (p.type !== "placeholder") return false;
    if (p.module === undefined) return true;
    return (
      p.module === "loop" &&
      !p.inverted &&
      !p.hasPageBreak &&
      !p.hasPageBreakBeginning &&
      !p.sectPrCount &&
      !p.lastParagrapSectPr &&
      !p.addNextPage &&
      !p.addContinuousType &&
      fastFillable(p.subparsed ?? [])
    );
  });
}

/**
 * What a piece is to the steps after the render (joinUncorrupt's rules, docxtemplater's
 * space-preserve postrender), the only steps that look at the pieces one by one. Everything
 * else joins them, so consecutive pieces none of those steps treats specially can be one piece
 * (a "run"): that is the same text with a third of the pieces for those passes to walk.
 */
interface PieceKind {
  /** Kept as a piece of its own: a tag a join rule looks for (its element, its end tag, a
   * tag it must contain), a piece the empty-paragraph rule skips (white space, a bookmark's
   * end) or anything that is not a string. */
  solo: boolean;
  /** Starts with </w:t> / ends with <w:t xml:space="preserve">: space-preserve joins such a
   * pair into <w:t/>, so a run never holds that pair. */
  startsT: boolean;
  endsPre: boolean;
  /** Ends with </w:tbl>: the empty-paragraph rule looks at what follows, so a run ends here. */
  endsTbl: boolean;
}

const W_T_END = "</w:t>";
const W_T_PRESERVE = '<w:t xml:space="preserve">';

/** The join rules' tags that can matter in a compiled part, and how each piece stands to them. */
class PieceKinds {
  private readonly opening: string[];
  private readonly closing: Set<string>;

  constructor(config: unknown, statics: string[]) {
    const rules =
      (config as { fileTypeConfig: { tagShouldContain?: ShouldContain[] } }).fileTypeConfig
        .tagShouldContain ?? [];
    // A rule starts only at a lone opening tag of its element, and such a piece comes only from
    // the template (values are escaped, and the pieces the join steps make start with a tag the
    // template has, or with <w:p/>): a rule whose element the template never opens does nothing.
    const active = rules.filter(
      (r) => r.tag === "w:p" || statics.some((s) => opens(s, r.tag) && s.indexOf("<", 1) === -1),
    );
    this.opening = [...new Set(active.flatMap((r) => [r.tag, ...r.shouldContain]))];
    this.closing = new Set(active.map((r) => `</${r.tag}>`));
  }

  of(piece: string): PieceKind {
    return {
      solo:
        piece.length === 0 ||
        WHITE_SPACE.test(piece) ||
        piece.startsWith("<w:bookmarkEnd") ||
        this.closing.has(piece) ||
        this.opening.some((t) => opens(piece, t)),
      startsT: piece.startsWith(W_T_END),
      endsPre: piece.endsWith(W_T_PRESERVE),
      endsTbl: piece.endsWith("</w:tbl>"),
    };
  }
}

/** A value's text (escaped, not empty, no line break): can be in a run unless it is blank. */
const TEXT: PieceKind = { solo: false, startsT: false, endsPre: false, endsTbl: false };
const BLANK: PieceKind = { solo: true, startsT: false, endsPre: false, endsTbl: false };
/** The pieces a line break in a value becomes (docxtemplater's renderLineBreaks). */
const BREAK: PieceKind = { solo: false, startsT: true, endsPre: true, endsTbl: false };

/**
 * The pieces of a render, with consecutive pieces merged into runs where no later step can
 * tell (PieceKind). Empty pieces are left out inside a run (no step sees them there) and kept
 * elsewhere, as docxtemplater keeps them.
 */
class Pieces {
  readonly parts: string[] = [];
  private pend = "";
  private pendPre = false;

  add(piece: string, kind: PieceKind): void {
    if (piece.length === 0) {
      if (this.pend.length === 0) this.parts.push(piece);
      return;
    }
    if (kind.solo) {
      this.flush();
      this.parts.push(piece);
      return;
    }
    if (this.pend.length > 0 && !(this.pendPre && kind.startsT)) this.pend += piece;
    else {
      this.flush();
      this.pend = piece;
    }
    this.pendPre = kind.endsPre;
    if (kind.endsTbl) this.flush();
  }

  /** Pieces that later steps have mended already (a loop's), one by one. */
  addAll(pieces: readonly string[]): void {
    this.flush();
    for (const p of pieces) this.parts.push(p);
  }

  flush(): string[] {
    if (this.pend.length > 0) this.parts.push(this.pend);
    this.pend = "";
    this.pendPre = false;
    return this.parts;
  }
}

/**
 * Rendered pieces merged into runs as the fast fill merges them (the kinds taken from these
 * pieces). test/documents/templates.test.ts checks that docxtemplater's join and
 * space-preserve steps give the same text for the runs as for the pieces.
 */
export function mergeRuns(pieces: readonly string[], config: unknown): string[] {
  const kinds = new PieceKinds(config, [...pieces]);
  const out = new Pieces();
  for (const p of pieces) out.add(p, kinds.of(p));
  return out.flush();
}

/** What the static parts between two placeholders do to docxtemplater's recorded run. */
interface RunEffect {
  /** From "not recording" and from "recording": whether the run restarts, what is appended,
   * and whether it records afterwards. */
  from: [
    { reset: boolean; append: string; recording: boolean },
    { reset: boolean; append: string; recording: boolean },
  ];
}

function runEffect(parts: RenderPart[]): RunEffect {
  const one = (recording: boolean): RunEffect["from"][0] => {
    let reset = false;
    let append = "";
    for (const p of parts) {
      const v = p.value ?? "";
      if (p.tag === "w:r") {
        reset = true;
        append = "";
      } else if (p.tag === "w:rPr") {
        if (p.position === "start") {
          recording = true;
          append += v;
        }
        if (p.position === "end" || p.position === "selfclosing") {
          append += v;
          recording = false;
        }
      } else if (recording) append += v;
    }
    return { reset, append, recording };
  };
  return { from: [one(false), one(true)] };
}

/** A compiled part as the fast fill renders it. */
type FastNode =
  | { kind: "static"; pieces: { text: string; kind: PieceKind }[]; effect: RunEffect }
  | { kind: "value"; name: string }
  | { kind: "loop"; name: string; body: FastNode[] };

function staticTexts(parts: RenderPart[], out: string[]): string[] {
  for (const p of parts) {
    if (p.type !== "placeholder") {
      if (typeof p.value === "string") out.push(p.value);
    } else if (p.subparsed) staticTexts(p.subparsed, out);
  }
  return out;
}

/**
 * The fast fill's tree of a compiled part (fastFillable): the static parts between two
 * placeholders pre-merged into runs as Pieces would merge them, each such stretch with its
 * effect on the recorded run.
 */
function compileFast(parts: RenderPart[], kinds: PieceKinds): FastNode[] {
  const nodes: FastNode[] = [];
  let stretch: RenderPart[] = [];
  const close = (): void => {
    if (stretch.length === 0) return;
    const merged = new Pieces();
    for (const p of stretch) {
      // docxtemplater leaves out a part whose value is empty.
      if (typeof p.value === "string" && p.value.length > 0) merged.add(p.value, kinds.of(p.value));
    }
    // A run's kind is its first piece's start and its last piece's end, and it is never solo
    // (solo pieces stay alone), so its kind is that of its text.
    const pieces = merged.flush().map((text) => ({ text, kind: kinds.of(text) }));
    nodes.push({ kind: "static", pieces, effect: runEffect(stretch) });
    stretch = [];
  };
  for (const p of parts) {
    if (p.type !== "placeholder") {
      stretch.push(p);
      continue;
    }
    close();
    if (p.module === "loop") {
      nodes.push({ kind: "loop", name: p.value!, body: compileFast(p.subparsed ?? [], kinds) });
    } else nodes.push({ kind: "value", name: p.value! });
  }
  close();
  return nodes;
}

/**
 * docxtemplater's render of a compiled part, for templates made only of values and loops
 * (fastFillable; the built-in ones are): the same text, without its scope managers and
 * module dispatch for every piece, which were most of the fill time, and in fewer pieces
 * (compileFast, Pieces). Values are looked up from the innermost loop record outwards,
 * escaped, and split at line breaks into <w:br/> runs that repeat the current run's
 * properties; loops render their content once per record (true: once, false or none:
 * nothing) and are mended by joinUncorrupt, as docxtemplater's loop module does. Anything it
 * does not do (a missing or non-text value, a control character) throws NotFast and the
 * document is rendered by docxtemplater instead. test/documents/templates.test.ts compares
 * every document type, and crafted templates, with docxtemplater's own.
 */
class FastRender {
  private recording = false;
  private run = "";
  constructor(
    private readonly linebreaks: boolean,
    private readonly options: unknown,
  ) {}

  render(nodes: FastNode[], scopes: unknown[], out: Pieces): void {
    for (const n of nodes) {
      if (n.kind === "static") {
        if (this.linebreaks) {
          const e = n.effect.from[this.recording ? 1 : 0];
          this.run = e.reset ? e.append : this.run + e.append;
          this.recording = e.recording;
        }
        for (const p of n.pieces) out.add(p.text, p.kind);
        continue;
      }
      const value = this.lookup(n.name, scopes);
      if (n.kind === "loop") {
        const inner = new Pieces();
        if (Array.isArray(value)) {
          for (const item of value) this.render(n.body, [...scopes, item], inner);
        } else if (value === true) {
          this.render(n.body, [...scopes, scopes[scopes.length - 1]], inner);
        } else if (value !== false && value != null) {
          throw new NotFast();
        }
        const pieces = inner.flush();
        if (pieces.length > 0) out.addAll(joinUncorrupt(pieces, this.options) as string[]);
        continue;
      }
      if (typeof value !== "string" || CORRUPT.test(value)) throw new NotFast();
      if (!this.linebreaks || !value.includes("\n")) {
        this.text(escapeXml(value), out);
        continue;
      }
      value.split("\n").forEach((line, i, lines) => {
        this.text(escapeXml(line), out);
        if (i < lines.length - 1) {
          out.add(
            `</w:t></w:r><w:r><w:br/></w:r><w:r>${this.run}<w:t xml:space="preserve">`,
            BREAK,
          );
        }
      });
    }
  }

  private text(escaped: string, out: Pieces): void {
    out.add(escaped, WHITE_SPACE.test(escaped) ? BLANK : TEXT);
  }

  private lookup(name: string, scopes: unknown[]): unknown {
    const tag = name.trim() === "." ? "." : name;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const scope = scopes[i] as Record<string, unknown> | null;
      const v = tag === "." ? scope : scope && Object.hasOwn(scope, tag) ? scope[tag] : undefined;
      if (v != null) return v;
    }
    throw new NotFast();
  }
}

/** A part of the package as the zip holds it: compressed once, or rendered per document. */
type PackagePart =
  | { name: string; fixed: ZipEntry }
  | { name: string; templated: CompiledPart; fast: FastNode[] | null };

/** Parts where docxtemplater renders no line breaks (document properties, settings). */
const NO_LINE_BREAKS = new Set([
  "application/vnd.openxmlformats-package.core-properties+xml",
  "application/vnd.openxmlformats-officedocument.extended-properties+xml",
  "application/vnd.openxmlformats-officedocument.custom-properties+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
]);

/** The fast fill's tree of a compiled part, or null if the part needs docxtemplater's render. */
function fastTree(part: CompiledPart): FastNode[] | null {
  const parts = part.postparsed as RenderPart[];
  if (!fastFillable(parts)) return null;
  return compileFast(parts, new PieceKinds(part.getOptions(), staticTexts(parts, [])));
}

/** A compiled template of one document type, filled for every document of the type. */
export class DocxTemplate {
  /** Parts filled by the fast path so far (the test checks the built-in templates use it). */
  fastParts = 0;

  /** The parts with placeholders, filled for every document. */
  get templatedParts(): number {
    return this.parts.filter((p) => "templated" in p).length;
  }

  private constructor(
    readonly type: DocumentType,
    readonly file: string,
    private readonly doc: Compiled,
    private readonly parts: PackagePart[],
  ) {}

  /** Read, check and compile `file` as the template of `type`. */
  static load(type: DocumentType, file: string): DocxTemplate {
    const name = path.basename(file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new TemplateError(`找不到文档模板“${file}”（${type}）`);
    }
    let doc: Compiled;
    try {
      doc = new Docxtemplater(new PizZip(bytes), {
        paragraphLoop: true,
        linebreaks: true,
      }) as unknown as Compiled;
    } catch (err) {
      throw new TemplateError(`文档模板“${name}”无法读取或占位符格式有误：${describe(err)}`);
    }
    const used = new Set<string>();
    const templated = new Set<string>();
    for (const [part, compiled] of Object.entries(doc.compiled)) {
      const tags = new Set<string>();
      tagsOfParts(compiled.postparsed, tags);
      if (tags.size > 0) templated.add(part);
      for (const t of tags) used.add(t);
    }
    const problem = placeholderProblem(
      type,
      name,
      used,
      SKELETONS[type],
      "请从内置模板（cadre-care templates --out 目录）中复制回去",
    );
    if (problem) throw new TemplateError(problem);
    const zip = new PizZip(bytes);
    const parts: PackagePart[] = Object.keys(zip.files)
      .filter((n) => !zip.files[n].dir)
      .map((n) =>
        templated.has(n)
          ? {
              name: n,
              templated: doc.compiled[n],
              fast: fastTree(doc.compiled[n]),
            }
          : { name: n, fixed: entry(n, Buffer.from(zip.files[n].asUint8Array())) },
      );
    return new DocxTemplate(type, file, doc, parts);
  }

  /**
   * The XML of each templated part for `data` (document.xml and any other that has tags).
   * This is docxtemplater's XmlTemplater.render without its last step, which encodes the
   * pieces to UTF-8 one character at a time in JavaScript and deletes them one by one (most of
   * its time for a 50 KB part): the pieces are joined as a string and node encodes them.
   */
  renderParts(data: TemplateData): Map<string, string | Uint8Array> {
    const out = new Map<string, string | Uint8Array>();
    for (const p of this.parts) {
      if (!("templated" in p)) continue;
      const part = p.templated;
      part.filePath = p.name;
      const options = part.getOptions();
      let rendered: { errors: unknown[]; parts: unknown[] } | null = null;
      if (p.fast) {
        try {
          const out = new Pieces();
          new FastRender(
            options.linebreaks === true && !NO_LINE_BREAKS.has(String(options.contentType)),
            options,
          ).render(p.fast, [data], out);
          rendered = { errors: [], parts: out.flush() };
          this.fastParts++;
        } catch (err) {
          if (!(err instanceof NotFast)) throw err;
        }
      }
      if (!rendered) {
        const scope = createScope({
          tags: data,
          parser: this.doc.parser,
          cachedParsers: part.cachedParsers,
        }) as { resolved: unknown };
        options.resolved = scope.resolved;
        options.scopeManager = scope;
        options.render = renderParts;
        options.joinUncorrupt = joinUncorrupt;
        rendered = renderParts(options);
      }
      if (rendered.errors.length > 0) {
        part.errorChecker(rendered.errors);
        throw new Error(`文档模板“${path.basename(this.file)}”填写失败（${this.type}）`);
      }
      let pieces = rendered.parts.map((x) => (typeof x === "number" ? String(x) : x));
      for (const m of options.modules) pieces = m.postrender(pieces, options);
      out.set(p.name, joinUncorrupt(pieces, options).join(""));
    }
    return out;
  }

  /** The .docx of one document. */
  fill(data: TemplateData): Buffer {
    return this.zipWith(this.renderParts(data));
  }

  /** The package with these texts for the templated parts (the bench's floor uses it too). */
  zipWith(xml: Map<string, string | Uint8Array>): Buffer {
    return zipEntries(
      this.parts.map((p) =>
        "fixed" in p ? p.fixed : entry(p.name, bytesOf(xml.get(p.name) ?? "")),
      ),
    );
  }
}

function bytesOf(content: string | Uint8Array): Buffer {
  return typeof content === "string"
    ? Buffer.from(content, "utf8")
    : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

/** A rendered part as text. */
export function textOf(content: string | Uint8Array): string {
  return typeof content === "string" ? content : bytesOf(content).toString("utf8");
}

function describe(err: unknown): string {
  const e = err as { properties?: { errors?: { properties?: { explanation?: string } }[] } };
  const list = e?.properties?.errors;
  if (Array.isArray(list) && list.length > 0) {
    return list.map((x) => x.properties?.explanation ?? "").join("；");
  }
  return err instanceof Error ? err.message : String(err);
}

/** The templates of a folder (a county's) or the built-in ones, each loaded on first use. */
export class TemplateSet {
  private readonly loaded = new Map<DocumentType, DocxTemplate>();
  constructor(readonly dir: string = builtInTemplatesDir()) {}

  get(type: DocumentType): DocxTemplate {
    let t = this.loaded.get(type);
    if (!t) {
      t = DocxTemplate.load(type, path.join(this.dir, templateFileName(type)));
      this.loaded.set(type, t);
    }
    return t;
  }

  /** Load and check every template now (a county's folder is checked before any document). */
  checkAll(types: readonly DocumentType[] = DOCUMENT_TYPES): void {
    for (const type of types) this.get(type);
  }
}
