/**
 * Day-by-day simulation, 2027-01-01 → 2027-04-15, over the embedded sample on the fakes (clock,
 * MailApp, LockService, PropertiesService, SpreadsheetApp, ScriptApp): every expected reminder is
 * delivered exactly once, on its day; two runs on some days, overlapping runs on one, a run
 * killed midway on another, a run stopped by its time budget, a day with too little quota.
 */
import { describe, expect, it } from "vitest";
import { buildSample, sampleAsGrids } from "../../src/sample/sample";
import { createFakeScriptApp } from "../fakes/scriptApp";
import { createFakeDaily } from "../fakes/daily";
import type { FakeSpreadsheet } from "../fakes/spreadsheetApp";
import { installTriggers } from "../../src/gas/triggers";
import { runDailyCheck } from "../../src/gas/daily";
import { SheetsWorkbook } from "../../src/gas/sheets";
import { scanDeadlines, readDeadlineGrids } from "../../src/workflows/deadlines";
import { OUTBOX_KEY, itemId, reminderKey } from "../../src/workflows/remind";
import { type Day, dayFromYmd, instantFromDay, isoFromDay } from "../../src/rules/dates";
import { readDate, readText } from "../../src/records/cells";

const LEAD = [30, 14, 7, 3, 1];
const FILER = "县第一中学";

/**
 * The reminders expected on a day, by the plain rule: a lead day, or overdue; a leave plan made
 * but not filed (已制定未备案, issue 12 item 13): a lead day, or every 7th day after the due day.
 */
function expectedKeys(ss: FakeSpreadsheet, day: Day): Set<string> {
  const workbook = new SheetsWorkbook(ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet);
  const scan = scanDeadlines(readDeadlineGrids(workbook), day);
  const keys = new Set<string>();
  const authorities = new Set<string>();
  for (const item of scan.items) {
    if (item.status === "done" && !item.unfiled) continue;
    const late = item.unfiled ? item.daysLeft < 0 && item.daysLeft % 7 === 0 : item.daysLeft < 0;
    if (!(late || LEAD.includes(item.daysLeft))) continue;
    keys.add(reminderKey(itemId(item.item, item.year, item.unit, item.personId, item.due), day));
    authorities.add(scan.units.get(item.unit)?.authority ?? "组织部门");
  }
  for (const a of authorities)
    keys.add(
      reminderKey(itemId("summary", Number(isoFromDay(day).slice(0, 4)), a, null, null), day),
    );
  return keys;
}

interface LogRow {
  key: string;
  status: string;
  batch: string | null;
  seq: number;
}

function logRows(ss: FakeSpreadsheet): LogRow[] {
  const grid = ss.sheet("提醒").getDataRange().getValues();
  const h = grid[0].map(String);
  const col = (n: string) => h.indexOf(n);
  return grid.slice(1).map((r) => {
    const date = readDate(r[col("日期")] as Date, "日期");
    const label = readText(r[col("事项")] as string);
    const unit = readText(r[col("单位")] as string);
    const kind =
      label === "汇总提醒"
        ? "summary"
        : (
            {
              年休假计划备案: "leave-plan",
              未休年休假报酬另行支付: "leave-pay",
              体检方案备案: "health-plan",
              体检情况备案: "health-report",
              谈心谈话跟进: "talk-followup",
            } as const
          )[label]!;
    const due = label === "汇总提醒" ? null : readDate(r[col("截止日期")] as Date, "截止日期");
    const id = itemId(
      kind,
      Number(r[col("年度")]),
      unit,
      readText(r[col("人员编号")] as string) || null,
      due,
    );
    const m = /批次\s*(\S+)\s*第(\d+)封/.exec(String(r[col("发送记录")]));
    return {
      key: reminderKey(id, date),
      status: String(r[col("状态")]),
      batch: m ? m[1] : null,
      seq: m ? Number(m[2]) : 0,
    };
  });
}

describe("daily deadline check, 2027-01-01 → 2027-04-15", () => {
  it("delivers every expected reminder exactly once, on its day", () => {
    const { ss, mail, lock, props, clock, services } = createFakeDaily(
      sampleAsGrids(buildSample()),
    );
    const script = createFakeScriptApp();
    installTriggers({
      ScriptApp: script.ScriptApp,
      spreadsheet: ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet,
    });
    installTriggers({
      ScriptApp: script.ScriptApp,
      spreadsheet: ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet,
    });
    expect(script.triggers.map((t) => t.handler).sort()).toEqual([
      "auditEdit",
      "dailyDeadlineCheck",
    ]);

    /** Deliveries per batch (the run's start instant in base 36, as the log writes it). */
    const delivered = new Map<string, number>();
    const runDay = new Map<string, Day>();
    const expected = new Map<string, Day>();
    const quotaDeferred = new Set<string>();
    let overlapResult: boolean | null = null;

    const run = (day: Day, time: string, setup?: () => void): void => {
      clock.set(`${isoFromDay(day)}T${time}+08:00`);
      const batch = clock.now().getTime().toString(36);
      runDay.set(batch, day);
      mail.tag = batch;
      setup?.();
      try {
        runDailyCheck(services);
      } catch (err) {
        expect(String(err)).toContain("killed");
      } finally {
        mail.beforeSend = null;
        mail.afterSend = null;
        props.beforeWrite = null;
      }
      delivered.set(batch, mail.sent.filter((m) => m.tag === batch).length);
    };

    const first = dayFromYmd(2027, 1, 1);
    const last = dayFromYmd(2027, 4, 15);
    for (let day = first; day <= last; day++) {
      const iso = isoFromDay(day);
      mail.quota = 100;
      if (iso === "2027-03-20") {
        // 县第一中学 files its 2027 plan today.
        const sheet = ss.sheet("年休假计划");
        const values = sheet.getDataRange().getValues();
        const h = values[0].map(String);
        const r = values.findIndex(
          (row) => row[h.indexOf("年度")] === 2027 && row[h.indexOf("单位")] === FILER,
        );
        sheet.getRange(r + 1, h.indexOf("备案日期") + 1).setValue(instantFromDay(day));
      }
      for (const key of expectedKeys(ss, day)) expected.set(key, day);

      if (iso === "2027-03-17") {
        // Overlap: a second run starts while the first one is sending; it cannot take the lock.
        run(day, "08:00:00", () => {
          mail.afterSend = () => {
            if (overlapResult !== null) return;
            overlapResult = runDailyCheck({ ...services }).ran;
          };
        });
      } else if (iso === "2027-03-24") {
        // Killed after the second mail (Apps Script's hard limit): nothing runs afterwards.
        run(day, "08:00:00", () => {
          let writes = 0;
          props.beforeWrite = () => {
            if (++writes === 4) throw new Error("killed");
          };
        });
        expect(props.values.get(OUTBOX_KEY)).toBeTruthy();
        run(day, "14:00:00");
        expect(props.values.get(OUTBOX_KEY)).toBeUndefined();
      } else if (iso === "2027-03-28") {
        // Quota for three recipients: the rest is logged 待发送 and goes out the next day.
        mail.quota = 3;
        run(day, "08:00:00");
        const rows = logRows(ss).filter((r) => r.status === "待发送");
        for (const r of rows) if (r.key.endsWith("@2027-03-28")) quotaDeferred.add(r.key);
        expect(quotaDeferred.size).toBeGreaterThan(0);
      } else if (iso === "2027-03-30") {
        // Each send takes a minute: the run stops itself before the budget and the rest goes at 14:00.
        run(day, "08:00:00", () => {
          mail.afterSend = () => clock.advance(60_000);
        });
        const pending = logRows(ss).filter(
          (r) => r.status === "待发送" && r.key.endsWith("@2027-03-30"),
        );
        expect(pending.length).toBeGreaterThan(0);
        run(day, "14:00:00");
      } else if (iso === "2027-03-01" || iso === "2027-03-31" || iso === "2027-02-14") {
        run(day, "08:00:00");
        const before = mail.sent.length;
        run(day, "16:30:00");
        expect(mail.sent.length).toBe(before); // the second run of the day sends nothing
      } else {
        run(day, "08:00:00");
      }
    }

    expect(overlapResult).toBe(false);
    expect(lock.refused).toBe(1);
    expect(lock.held()).toBe(false);

    // Truth from the log: a sent row counts as delivered when its batch delivered that many mails.
    const deliveries = new Map<string, Day[]>();
    for (const row of logRows(ss)) {
      // 待确认: the mail in flight at a kill, handed to MailApp, never sent again by itself.
      if ((row.status !== "已发送" && row.status !== "待确认") || row.batch === null) continue;
      if (row.seq > (delivered.get(row.batch) ?? 0)) continue;
      deliveries.set(row.key, [...(deliveries.get(row.key) ?? []), runDay.get(row.batch)!]);
    }
    const twice = [...deliveries].filter(([, days]) => days.length !== 1);
    expect(twice).toEqual([]);
    const missing = [...expected.keys()].filter((k) => !deliveries.has(k));
    expect(missing).toEqual([]);
    const unexpected = [...deliveries.keys()].filter((k) => !expected.has(k));
    expect(unexpected).toEqual([]);
    for (const [key, [day]] of deliveries) {
      const due = expected.get(key)!;
      if (quotaDeferred.has(key)) expect(isoFromDay(day)).toBe("2027-03-29");
      else expect(isoFromDay(day)).toBe(isoFromDay(due));
    }
    // Every mail went out with a recipient the log names; total mails match the deliveries.
    const deliveredMails = [...delivered.values()].reduce((a, b) => a + b, 0);
    expect(mail.sent.length).toBe(deliveredMails);

    // The unit that filed on 03-20 gets no leave-plan reminder from 03-21 on (nor on the day).
    const filerPlan = [...deliveries.keys()].filter((k) =>
      k.startsWith(`leave-plan|2027|${FILER}|`),
    );
    expect(filerPlan.map((k) => k.slice(-10)).sort()).toEqual(["2027-03-01", "2027-03-17"]);
    for (const m of mail.sent.filter((m) => m.to.includes("yz@example.gov.cn"))) {
      const day = runDay.get(m.tag)!;
      if (day >= dayFromYmd(2027, 3, 20)) expect(m.body).not.toContain("年休假计划备案");
    }

    // The overdue items on 04-01 are exactly the plans not made (计划提交日期 and 备案日期 blank).
    const workbook = new SheetsWorkbook(ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet);
    const april = scanDeadlines(readDeadlineGrids(workbook), dayFromYmd(2027, 4, 1));
    const overduePlans = april.items
      .filter((i) => i.item === "leave-plan" && i.year === 2027 && i.status === "overdue")
      .map((i) => i.unit)
      .sort();
    const plans = ss.sheet("年休假计划").getDataRange().getValues();
    const filed = new Set(
      plans
        .filter((r) => r[0] === 2027 && (r[2] instanceof Date || r[3] instanceof Date))
        .map((r) => String(r[1])),
    );
    const units = ss
      .sheet("单位")
      .getDataRange()
      .getValues()
      .slice(1)
      .map((r) => String(r[0]));
    expect(overduePlans).toEqual(units.filter((u) => !filed.has(u)).sort());
    expect(overduePlans).not.toContain(FILER);
    expect(overduePlans.length).toBe(4);
    // The 3 units whose plan was made in time but not filed: done, 已制定未备案, not overdue.
    const unfiled = april.items
      .filter((i) => i.item === "leave-plan" && i.year === 2027 && i.unfiled)
      .map((i) => [i.unit, i.status]);
    expect(unfiled).toHaveLength(3);
    expect(unfiled.every(([, status]) => status === "done")).toBe(true);
    // Every overdue item of 04-01 was reminded on 04-01.
    for (const item of april.items.filter((i) => i.status === "overdue")) {
      expect(
        deliveries.has(
          reminderKey(
            itemId(item.item, item.year, item.unit, item.personId, item.due),
            dayFromYmd(2027, 4, 1),
          ),
        ),
      ).toBe(true);
    }

    // No mail carries an ID number or an amount.
    for (const m of mail.sent) {
      expect(m.body).not.toMatch(/\d{17}[\dXx]/);
      expect(m.body).not.toMatch(/元|¥|￥|\d+\.\d{2}/);
      expect(m.subject).not.toMatch(/\d{17}[\dXx]|元/);
    }
  }, 120_000);
});
