/**
 * `npm start`: the whole job on the embedded sample, as of today (or `--date YYYY-MM-DD`),
 * into out/ (or `--out DIR`), with a short Chinese summary of what it found and wrote.
 */
import * as path from "node:path";
import { buildSample } from "../sample/sample";
import { XlsxWorkbook } from "./xlsx";
import { EXIT, UserFacingError, parseDateOption, processIO, type CommandIO } from "./io";
import { progress } from "./progress";
import { runJob, type JobResult } from "./job";
import { loadRows } from "../workflows/setup";
import { formatYuan } from "../rules/money";

export interface StartOptions {
  outDir: string;
  date?: string;
}

/** The summary lines people read after `npm start`. */
export function summary(result: JobResult): string[] {
  const d = result.dashboard;
  const count = (status: string) => result.items.filter((i) => i.status === status).length;
  const lines = [
    `干部关怀激励台账 · 示例数据 · 数据截至 ${d.asOfText}`,
    `单位 ${d.units.length} 个`,
  ];
  for (const a of d.awards) {
    lines.push(`${a.year} 年度奖励 ${a.totalCount} 项，奖金合计 ${formatYuan(a.totalBonusFen)} 元`);
  }
  for (const l of d.leave) {
    const t = l.totals;
    lines.push(
      `${l.year} 年度年休假 ${t.people} 人：应休 ${t.entitledDays} 天，已休 ${t.usedDays} 天，未休 ${t.unusedDays} 天；` +
        `未休年休假报酬 ${formatYuan(t.unusedPayFen)} 元，其中另行支付 ${formatYuan(t.extraFen)} 元（已付 ${formatYuan(t.extraPaidFen)} 元）`,
    );
  }
  lines.push(
    `期限事项：已逾期 ${count("overdue")} 项，即将到期 ${count("due-soon")} 项，未到期 ${count("open")} 项，已完成 ${count("done")} 项`,
  );
  if (result.computeErrors)
    lines.push(`注意：有 ${result.computeErrors} 个计算单元格显示“错误：…”`);
  lines.push(
    "",
    `工作簿：${result.workbookFile}`,
    `提醒邮件：${result.mailDir}${path.sep}（今日 ${result.mails} 封 .eml）`,
    `文档：${result.docsDir}${path.sep}（${result.documents.length} 份 .docx，清单 documents.json）`,
    `仪表盘：${result.dashboardFile}`,
  );
  return lines;
}

export async function start(options: StartOptions, io: CommandIO): Promise<number> {
  const now = parseDateOption(options.date) ?? io.now();
  const workbook = XlsxWorkbook.create();
  loadRows(workbook, buildSample());
  const bar = progress(io, "主流程", 5);
  const result = await runJob(workbook, options.outDir, now, (label) => bar.tick(label));
  bar.done();
  for (const line of summary(result)) io.out(line);
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
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      io.err(`错误：${message}`);
      return err instanceof UserFacingError ? err.exitCode : EXIT.usage;
    })
    .then((code) => {
      process.exitCode = code;
    });
}
