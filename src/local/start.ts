/**
 * `npm start`: the whole job on the embedded sample, as of today (or `--date YYYY-MM-DD`):
 * build the sample workbook, compute it, and write everything into out/.
 */
import * as path from "node:path";
import { buildSample } from "../../templates/sample";
import { XlsxWorkbook } from "./xlsx";
import { EXIT, UserFacingError, parseDateOption, processIO, type CommandIO } from "./io";
import { ensureWritableDir, save } from "./commands/workbook";
import * as fs from "node:fs";
import { loadRows } from "../workflows/setup";
import { runReminders } from "../workflows/remind";
import { EmlMailer } from "./mail";
import { memoryStore } from "./commands/remind";
import { readDocumentList, writeDashboard } from "./dashboard";
import { buildDashboardData, readDashboardGrids } from "../workflows/dashboard";
import { computeWorkbook } from "../workflows/compute";
import { parseAwards, parseLeaveRows, parsePeople, parseUnits } from "../records/parse";
import { dayFromInstant, isoFromDay } from "../rules/dates";
import { formatYuan, yuanToFen } from "../rules/money";

export interface StartOptions {
  outDir: string;
  date?: string;
}

export async function start(options: StartOptions, io: CommandIO): Promise<number> {
  const fixed = parseDateOption(options.date);
  const now = fixed ?? io.now();
  const today = dayFromInstant(now);
  const out = options.outDir;
  ensureWritableDir(out);
  const file = path.join(out, "台账.xlsx");

  const workbook = XlsxWorkbook.create();
  loadRows(workbook, buildSample());
  const computed = computeWorkbook(workbook, today);

  // The reminders that would go out today, as .eml files, logged in 提醒.
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
  await save(workbook, file);

  const dashboard = path.join(out, "index.html");
  await writeDashboard(
    dashboard,
    buildDashboardData({
      grids: readDashboardGrids(workbook),
      today,
      deadlines: reminders.scan?.items,
      documents: readDocumentList(path.join(out, "docs", "documents.json")),
      docsBase: "docs/",
    }),
  );

  const read = (sheet: string) => workbook.readSheet(sheet);
  const units = parseUnits(read("单位")).items;
  const people = parsePeople(read("人员")).items;
  const awards = parseAwards(read("奖励")).items;
  const leave = parseLeaveRows(read("年休假")).items;
  const sumFen = (values: (number | null)[]) =>
    values.reduce<number>((s, v) => s + (v === null ? 0 : yuanToFen(v)), 0);

  io.out(`干部关怀激励台账 · 示例数据 · 计算日期 ${isoFromDay(today)}`);
  io.out(`单位 ${units.length} 个，人员 ${people.length} 人`);
  io.out(`奖励 ${awards.length} 项，奖金合计 ${formatYuan(sumFen(awards.map((a) => a.bonus)))} 元`);
  for (const year of [...new Set(leave.map((l) => l.year))].sort()) {
    const rows = leave.filter((l) => l.year === year);
    const days = (pick: (l: (typeof rows)[number]) => number | null) =>
      rows.reduce((s, l) => s + (pick(l) ?? 0), 0);
    io.out(
      `${year} 年休假：应休 ${days((l) => l.entitlement)} 天，已休 ${days((l) => l.usedDays)} 天，未休 ${days((l) => l.unusedDays)} 天；` +
        `未休年休假报酬 ${formatYuan(sumFen(rows.map((l) => l.unusedPay)))} 元，其中另行支付 ${formatYuan(sumFen(rows.map((l) => l.extraPay)))} 元`,
    );
  }
  const items = reminders.scan?.items ?? [];
  const count = (status: string) => items.filter((i) => i.status === status).length;
  io.out(
    `期限事项：已逾期 ${count("overdue")} 项，即将到期 ${count("due-soon")} 项，未到期 ${count("open")} 项，已完成 ${count("done")} 项`,
  );
  io.out(`今日提醒邮件 ${mailer.files.length} 封`);
  if (computed.errors) io.out(`注意：有 ${computed.errors} 个计算单元格显示“错误：…”`);
  io.out("");
  io.out(`工作簿：${file}`);
  io.out(`提醒邮件：${mailDir}${path.sep}（${mailer.files.length} 个 .eml 文件）`);
  io.out(`仪表盘：${dashboard}`);
  return EXIT.ok;
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith(name + "="));
  return inline ? inline.slice(name.length + 1) : undefined;
}

if (require.main === module) {
  const io = processIO();
  const argv = process.argv.slice(2);
  start({ outDir: argValue(argv, "--out") ?? "out", date: argValue(argv, "--date") }, io)
    .catch((err) => {
      io.err(
        `错误：${err instanceof UserFacingError ? err.message : err instanceof Error ? err.message : String(err)}`,
      );
      return err instanceof UserFacingError ? err.exitCode : EXIT.usage;
    })
    .then((code) => {
      process.exitCode = code;
    });
}
