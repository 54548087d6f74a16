/**
 * `cadre-care docs FILE.xlsx --out DIR [--date YYYY-MM-DD] [--year Y]`: every filing and notice
 * as .docx in DIR, listed in DIR/documents.json ({type, year, unit, title, number, file}; unit
 * null for county-wide notices, file relative to DIR) and in the workbook's 文档 sheet.
 *
 * The computed columns are computed first (as of --date), on the workbook in memory, so the
 * documents show current figures; the workbook is then saved — computed columns and the 文档
 * register — after a backup, exactly as `compute` would leave it plus the register.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { existsSync, statSync } from "node:fs";
import * as path from "node:path";
import { EXIT, UserFacingError, parseDateOption, type CommandIO } from "../io";
import { DocxSink } from "../docx";
import { TemplateError, TemplateSet, builtInTemplatesDir, templateFileName } from "../docxTemplate";
import { readDocumentList } from "../dashboard";
import { DOCUMENT_TYPES } from "../../documents/builders";
import { COMPUTE_ORDER, computeWorkbook } from "../../workflows/compute";
import { SHEETS } from "../../records/schema";
import { progress, readingSheets } from "../progress";
import {
  type DocumentEntry,
  documentEntries,
  mergeEntries,
  publishDocuments,
} from "../../workflows/publish";
import { dayFromInstant } from "../../rules/dates";
import { InputError } from "../../rules/errors";
import { ensureWritableDir, openCadreWorkbook, saveWithBackup } from "./workbook";
import { withWorkbookLock } from "../lock";
import { faultPoint } from "../faults";
import { cleanTempsUnder, isWriteError, writeErrorMessage, writeFileAtomic } from "../files";
import { computedLeavePay } from "../../workflows/leavePay";

export type { DocumentEntry };

export interface DocsOptions {
  out: string;
  date?: string;
  year?: string;
  /** A county's edited templates (one <类型>.docx per document type). */
  templates?: string;
}

/** The --help text of the command (for the lead's CLI wiring). */
export const DOCS_HELP = `
生成的文档：
  年休假计划备案表、体检方案及体检情况备案表、奖金发放审批表（每个单位一份）：默认 --date 所在年度
  年休假执行及未休报酬情况备案表、年度考核优秀等次名单（每个单位一份）：默认 --date 的上一年度
  通报表扬（全县）：默认 --date 的上一年度，列出该年度各项工作全部按时完成的单位
  通报批评（全县）：截至 --date 仍逾期未完成事项的单位，不受 --year 影响
  指定 --year 时，除通报批评外的全部文档都按该年度生成。
  通报表扬、通报批评按成文日期各发一份：换一个 --date 生成的是新的一期（下一个文号），同一日期重新生成则替换并保留文号。
  --templates 目录：用本县修改过的模板（先用 cadre-care templates --out 目录 写出内置模板再修改）；
  模板缺少所需的占位符或有不认识的占位符时报错并指出是哪一个。
  成文日期、填报日期均为 --date（默认今天）。通报的发文字号按「参数」发文字号前缀编号，重新生成时保留原文号。

示例：
  cadre-care docs 台账.xlsx --out out/docs --date 2027-03-31
  cadre-care docs 台账.xlsx --out out/docs --year 2026
  cadre-care docs 台账.xlsx --out out/docs --templates 模板`;

function parseYearOption(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (!/^\d{4}$/.test(t) || Number(t) < 1900) {
    throw new UserFacingError(`--year 应为四位年份，如 2026，收到“${text}”`);
  }
  return Number(t);
}

export async function docsCommand(file: string, opts: DocsOptions, io: CommandIO): Promise<number> {
  const now = parseDateOption(opts.date) ?? io.now();
  const year = parseYearOption(opts.year);
  const date = dayFromInstant(now);
  // A bar on a terminal: sheets read, sheets computed, then each document built and written
  // (their number is added once known), and the save.
  let templatesDir: string | null = null;
  if (opts.templates !== undefined) {
    templatesDir = path.resolve(opts.templates);
    if (!existsSync(templatesDir) || !statSync(templatesDir).isDirectory()) {
      throw new UserFacingError(`模板文件夹“${opts.templates}”不存在`);
    }
    // Every template checked before the workbook is touched: a broken one is one clear error.
    try {
      new TemplateSet(templatesDir).checkAll();
    } catch (err) {
      if (err instanceof TemplateError) throw new UserFacingError(err.message);
      throw err;
    }
  }
  const bar = progress(io, "生成文档", SHEETS.length + COMPUTE_ORDER.length + 1);
  let result;
  let backup;
  try {
    [result, backup] = await withWorkbookLock(file, "docs", io, async (lock) => {
      const workbook = await openCadreWorkbook(file, readingSheets(bar));
      ensureWritableDir(opts.out);
      cleanTempsUnder(opts.out);
      computeWorkbook(workbook, date, (sheet) => bar.tick(`计算「${sheet}」`));
      faultPoint("docs:computed");
      const sink = new DocxSink(opts.out, templatesDir);
      let published;
      try {
        published = publishDocuments(workbook, sink, {
          date,
          now: io.now(),
          year,
          leavePay: computedLeavePay,
          onDocument: (done, total) => {
            if (done === 1) bar.expect(2 * total);
            bar.tick("编排文档");
          },
        });
      } catch (err) {
        if (err instanceof InputError) throw new UserFacingError(err.message);
        throw err;
      }
      try {
        await sink.flush(() => {
          bar.tick("写入 .docx");
          faultPoint("docs:writing");
        });
        faultPoint("docs:written");
        // Earlier issuances (a 通报批评 of another date) stay listed beside this run's documents.
        const listFile = path.join(opts.out, "documents.json");
        const earlier = readDocumentList(listFile).filter((e) =>
          existsSync(path.join(opts.out, e.file)),
        );
        const entries = mergeEntries(earlier, documentEntries(published));
        await writeFileAtomic(
          listFile,
          new TextEncoder().encode(JSON.stringify(entries, null, 2) + "\n"),
        );
      } catch (err) {
        if (err instanceof TemplateError) throw new UserFacingError(err.message);
        if (isWriteError(err))
          throw new UserFacingError(
            `${writeErrorMessage(err)}。已生成的文档不完整，工作簿“${file}”未被修改；清理出空间后重新运行即可`,
          );
        throw err;
      }
      faultPoint("docs:listed");
      bar.tick("保存工作簿");
      return [published, await saveWithBackup(workbook, file, io, lock)] as const;
    });
  } finally {
    bar.done();
  }

  const counts = new Map<string, number>();
  for (const d of result.documents) counts.set(d.type, (counts.get(d.type) ?? 0) + 1);
  for (const [type, n] of counts) io.out(`${type}：${n} 份`);
  for (const note of result.notes) io.out(`说明：${note}`);
  const replaced = result.documents.filter((d) => d.replaced).length;
  io.out(
    `共生成 ${result.documents.length} 份文档（其中 ${replaced} 份替换了之前生成的同一文档），` +
      `保存在 ${path.resolve(opts.out)}，清单见 documents.json`,
  );
  io.out(`已登记到「文档」工作表：${file}${backup ? `；修改前的副本：${backup}` : ""}`);
  if (result.warnings.length) {
    io.out(`有 ${result.warnings.length} 处数据需要核实（文档中显示为“待核实”或有疑问）：`);
    for (const w of result.warnings) io.out(`  ${w}`);
    return EXIT.problems;
  }
  return EXIT.ok;
}

/** `cadre-care templates --out DIR`: the built-in templates, one <类型>.docx per type. */
export async function templatesCommand(opts: { out: string }, io: CommandIO): Promise<number> {
  const from = builtInTemplatesDir();
  ensureWritableDir(opts.out);
  await mkdir(opts.out, { recursive: true });
  for (const type of DOCUMENT_TYPES) {
    const name = templateFileName(type);
    const target = path.join(opts.out, name);
    if (existsSync(target)) {
      io.out(`已存在，未覆盖：${target}`);
      continue;
    }
    await copyFile(path.join(from, name), target);
    io.out(`${type}：${target}`);
  }
  io.out(
    `模板保存在 ${path.resolve(opts.out)}。用 Word 或 WPS 修改文字（保留花括号中的占位符，如 {单位数}），` +
      `再用 cadre-care docs 台账.xlsx --out 目录 --templates ${opts.out} 生成文档。`,
  );
  return EXIT.ok;
}
