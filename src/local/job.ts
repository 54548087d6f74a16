/**
 * The whole local job on a workbook, as of a day: compute, scan deadlines and write today's
 * reminders (.eml), generate every filing and notice (.docx, registered in 文档), save
 * the workbook, and write the dashboard. `npm start` runs it on the embedded sample; the bench on a generated county.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkbook } from "./xlsx";
import { ensureWritableDir, save } from "./commands/workbook";
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

  step("计算");
  const computed = computeWorkbook(workbook, today);

  step("期限与提醒");
  const mailDir = path.join(out, "mail");
  fs.rmSync(mailDir, { recursive: true, force: true });
  const mailer = new EmlMailer(mailDir, { date: now, prefix: isoFromDay(today) });
  const reminders = runReminders(
    {
      workbook,
      mailer,
      clock: { now: () => now },
      store: memoryStore(),
      lock: { tryLock: () => true, release() {} },
    },
    { today, sentStatus: "已写入文件", budgetMs: Number.MAX_SAFE_INTEGER },
  );

  step("生成文档");
  const docsDir = path.join(out, "docs");
  fs.rmSync(docsDir, { recursive: true, force: true });
  const sink = new DocxSink(docsDir);
  const published = publishDocuments(workbook, sink, { date: today, now });
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
