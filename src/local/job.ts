/**
 * The whole local job on a workbook, as of a day: compute, scan deadlines and write today's
 * reminders (.eml), generate every filing and notice (.docx, registered in 文档), save
 * the workbook, and write the dashboard. `npm start` runs it on the embedded sample; the bench on a generated county.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkbook } from "./xlsx";
import { ensureWritableDir, save } from "./commands/workbook";
import { UserFacingError } from "./io";
import { memoryStore } from "./commands/remind";
import { EmlMailer } from "./mail";
import { writeDashboard } from "./dashboard";
import { DocxSink } from "./docx";
import { type DocumentEntry, documentEntries, publishDocuments } from "../workflows/publish";
import { computeWorkbook } from "../workflows/compute";
import { runReminders } from "../workflows/remind";
import { type DashboardData, buildDashboardData, readDashboardGrids } from "../workflows/dashboard";
import type { DeadlineItem } from "../workflows/deadlines";

import { dayFromInstant, isoFromDay } from "../rules/dates";
import { computedLeavePay } from "../workflows/leavePay";

export interface JobResult {
  workbookFile: string;
  mailDir: string;
  mails: number;
  docsDir: string;
  documents: DocumentEntry[];
  dashboardFile: string;
  dashboard: DashboardData;
  items: readonly DeadlineItem[];
  computeErrors: number;
}

/** Run every step into `out` (created if needed); the workbook is saved as out/台账.xlsx. */
export async function runJob(
  workbook: LocalWorkbook,
  out: string,
  now: Date,
  step: (label: string) => void = () => {},
): Promise<JobResult> {
  const today = dayFromInstant(now);
  ensureWritableDir(out);
  // Only what an earlier run wrote (and nobody changed since) is ever deleted or overwritten:
  // out/mail is also `remind`'s default folder, and people save their own work under out/.
  const outputs = new JobOutputs(out);
  outputs.clearPrevious();

  step("计算");
  const computed = computeWorkbook(workbook, today);

  step("期限与提醒");
  const mailDir = path.join(out, "mail");
  const mailer = new EmlMailer(mailDir, { date: now, prefix: isoFromDay(today) });
  const reminders = runReminders(
    {
      workbook,
      mailer,
      clock: { now: () => now },
      store: memoryStore(),
      lock: { tryLock: () => true, release() {} },
    },
    {
      today,
      sentStatus: "已写入文件",
      budgetMs: Number.MAX_SAFE_INTEGER,
      leavePay: computedLeavePay,
    },
  );

  step("生成文档");
  const docsDir = path.join(out, "docs");
  const sink = new DocxSink(docsDir);
  const published = publishDocuments(workbook, sink, {
    date: today,
    now,
    leavePay: computedLeavePay,
  });
  const documents = documentEntries(published);

  // The .docx files render in worker threads while the main thread saves the workbook.
  step("保存工作簿");
  const workbookFile = path.join(out, "台账.xlsx");
  await Promise.all([sink.flush(), save(workbook, workbookFile)]);
  fs.writeFileSync(path.join(docsDir, "documents.json"), JSON.stringify(documents, null, 2) + "\n");

  step("仪表盘");
  const dashboardFile = path.join(out, "index.html");
  const dashboard = buildDashboardData({
    grids: readDashboardGrids(workbook),
    today,
    deadlines: reminders.scan?.items,
    documents,
    docsBase: "docs/",
  });
  await writeDashboard(dashboardFile, dashboard);
  outputs.record([
    workbookFile,
    dashboardFile,
    path.join(docsDir, "documents.json"),
    ...mailer.files,
    ...documents.map((d) => path.join(docsDir, d.file)),
  ]);

  return {
    workbookFile,
    mailDir,
    mails: mailer.files.length,
    docsDir,
    documents,
    dashboardFile,
    dashboard,
    items: reminders.scan?.items ?? [],
    computeErrors: computed.errors,
  };
}

/** The list of files a run wrote into its folder, kept there for the next run. */
const MANIFEST = ".cadre-care-输出清单.json";

interface ManifestEntry {
  /** Path relative to the output folder, with "/" separators. */
  file: string;
  size: number;
  mtimeMs: number;
}

/**
 * The outputs of the job in a folder: the next run deletes exactly the files the previous run
 * wrote, and refuses (before writing anything) when the folder holds a file the job did not
 * write or one changed since — a user's own mails from `remind`, documents from `docs`, or a
 * 台账.xlsx someone typed into.
 */
class JobOutputs {
  private readonly manifest: string;
  constructor(private readonly out: string) {
    this.manifest = path.join(out, MANIFEST);
  }

  private previous(): ManifestEntry[] {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.manifest, "utf8"));
      return Array.isArray(parsed) ? (parsed as ManifestEntry[]) : [];
    } catch {
      return [];
    }
  }

  clearPrevious(): void {
    const ours = new Map(this.previous().map((e) => [e.file, e]));
    const foreign: string[] = [];
    const unchanged = (rel: string): boolean => {
      const entry = ours.get(rel);
      if (!entry) return false;
      const stat = fs.statSync(path.join(this.out, rel));
      return stat.size === entry.size && Math.abs(stat.mtimeMs - entry.mtimeMs) < 1;
    };
    const visit = (rel: string) => {
      const abs = path.join(this.out, rel);
      if (!fs.existsSync(abs)) return;
      if (fs.statSync(abs).isDirectory()) {
        for (const name of fs.readdirSync(abs)) visit(rel ? `${rel}/${name}` : name);
      } else if (!unchanged(rel)) foreign.push(rel);
    };
    for (const rel of ["台账.xlsx", "index.html", "mail", "docs"]) visit(rel);
    if (foreign.length) {
      throw new UserFacingError(
        `输出文件夹“${path.resolve(this.out)}”中有 ${foreign.length} 个不是示例运行生成、或生成后被改动过的文件` +
          `（如 ${foreign.slice(0, 3).join("、")}），为免覆盖或删除您的文件，示例未运行。` +
          `请把这些文件移到别处，或指定另一个输出文件夹：npm start -- --out 示例输出`,
      );
    }
    for (const rel of ours.keys()) fs.rmSync(path.join(this.out, rel), { force: true });
    fs.rmSync(this.manifest, { force: true });
  }

  record(files: readonly string[]): void {
    const entries: ManifestEntry[] = files.map((f) => {
      const stat = fs.statSync(f);
      const rel = path.relative(this.out, f).split(path.sep).join("/");
      return { file: rel, size: stat.size, mtimeMs: stat.mtimeMs };
    });
    fs.writeFileSync(this.manifest, JSON.stringify(entries, null, 1) + "\n");
  }
}
