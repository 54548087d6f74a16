/**
 * Bench case: the daily deadline check for 300 units and 20,000 staff on the Apps Script fakes
 * (SpreadsheetApp, MailApp, LockService, PropertiesService), on a day with reminders due
 * (2027-03-01, 30 days before the leave-plan and leave-pay deadlines). Prints service calls.
 */
import type { BenchRow } from "./bench";
import { generateCounty, sampleAsGrids } from "../src/sample/sample";
import { runDailyCheck } from "../src/gas/daily";
import { createFakeDaily } from "../test/fakes/daily";

export function deadlineBench(): BenchRow[] {
  const { ss, mail, lock, props, services } = createFakeDaily(
    sampleAsGrids(generateCounty({ units: 300, staff: 20_000, leaveRecords: 30_000, seed: 7 })),
    { start: "2027-03-01T08:00:00+08:00", quota: 1500 },
  );
  ss.resetCalls();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = runDailyCheck(services);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const reads = ss.calls["Range.getValues"] ?? 0;
  const writes = ss.calls["Range.setValues"] ?? 0;
  const propsCalls = Object.values(props.calls).reduce((a, b) => a + b, 0);
  const first = {
    name: "daily deadline check (first run of the day)",
    rows: 20_000,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    note:
      `300 units; ${result.sent.length} mails, ${result.rowsWritten} 提醒 rows; ` +
      `Sheets calls ${ss.total} (getValues ${reads}, setValues ${writes}), MailApp ${mail.calls.sendEmail ?? 0} sends + ` +
      `${mail.calls.getRemainingDailyQuota ?? 0} quota, Properties ${propsCalls}, Lock ${lock.calls.tryLock ?? 0}; ` +
      `CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
    readme: {
      item: "每日期限检查（Apps Script 模拟）",
      scale: "300 个单位、20,000 人",
      targetMs: 60_000,
    },
  };
  ss.resetCalls();
  const t1 = performance.now();
  const again = runDailyCheck(services);
  const second = {
    name: "daily deadline check (second run, nothing to send)",
    rows: 20_000,
    ms: performance.now() - t1,
    note: `${again.sent.length} mails, ${again.rowsWritten} rows; Sheets calls ${ss.total} (getValues ${ss.calls["Range.getValues"] ?? 0}, setValues ${ss.calls["Range.setValues"] ?? 0})`,
  };
  return [first, second];
}
