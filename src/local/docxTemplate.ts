/**
 * Fills the .docx templates (templates/<类型>.docx, or a county's edited copies) with
 * docxtemplater. Each template is read, checked and compiled once (`loadTemplate`) and then
 * filled for every document of its type (`fill`): docxtemplater's compiled parts are rendered
 * again with each document's data (the parse, the costly part, is done once), and the package
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
import joinUncorrupt from "docxtemplater/js/join-uncorrupt.js";
import { SKELETONS, DOCUMENT_TYPES, type DocumentType } from "../documents/builders";
import { templateTags, type TemplateData } from "../documents/template";

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

/** A part of the package as the zip holds it: compressed once, or rendered per document. */
type PackagePart = { name: string; fixed: ZipEntry } | { name: string; templated: CompiledPart };

/** A compiled template of one document type, filled for every document of the type. */
export class DocxTemplate {
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
    const known = templateTags(SKELETONS[type]);
    const unknown = [...used].filter((t) => !known.includes(t));
    if (unknown.length > 0) {
      throw new TemplateError(
        `文档模板“${name}”中有未知的占位符：${unknown.map((t) => `{${t}}`).join("、")}。` +
          `${type}可用的占位符：${known.map((t) => `{${t}}`).join("、")}`,
      );
    }
    const missing = known.filter((t) => !used.has(t));
    if (missing.length > 0) {
      throw new TemplateError(
        `文档模板“${name}”缺少占位符：${missing.map((t) => `{${t}}`).join("、")}（${type}的数据需要它们）。` +
          "请从内置模板（cadre-care templates --out 目录）中复制回去",
      );
    }
    const zip = new PizZip(bytes);
    const parts: PackagePart[] = Object.keys(zip.files)
      .filter((n) => !zip.files[n].dir)
      .map((n) =>
        templated.has(n)
          ? { name: n, templated: doc.compiled[n] }
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
      const scope = createScope({
        tags: data,
        parser: this.doc.parser,
        cachedParsers: part.cachedParsers,
      }) as { resolved: unknown };
      part.filePath = p.name;
      const options = part.getOptions();
      options.resolved = scope.resolved;
      options.scopeManager = scope;
      options.render = renderParts;
      options.joinUncorrupt = joinUncorrupt;
      const rendered = renderParts(options);
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
