import { describe, expect, it } from "vitest";
import type { Grid } from "../../src/records/cells";
import { createFakeDaily } from "../fakes/daily";
import { sampleSheets } from "../fakes/county";
import { dayInTimeZone, menuRemindCore, runDailyCheck } from "../../src/gas/daily";
import { OUTBOX_KEY, describeRun } from "../../src/workflows/remind";
import { isoFromDay } from "../../src/rules/dates";

/** The sample as Sheets holds it on the day of `start`: computed columns filled by their formulas. */
function setup(start: string) {
  const day = dayInTimeZone(new Date(start), "Asia/Shanghai").day;
  return createFakeDaily(sampleSheets(day) as [string, Grid][], { start });
}

describe("runDailyCheck", () => {
  it("reads each sheet once (提醒 twice) and writes 提醒 twice (plan, outcomes)", () => {
    const { ss, services, lock } = setup("2027-03-01T08:00:00+08:00");
    ss.resetCalls();
    const result = runDailyCheck(services);
    expect(lock.waits).toEqual([30_000]);
    // The plan before the first send, the outcomes after the last: two writes to 提醒.
    expect(result.writes).toBe(2);
    // Each sheet once, 参数 once more for 计算日期 (the first run of a day writes it), and 提醒
    // once more to find the batch's rows for their outcomes.
    expect(ss.calls["Range.getValues"]).toBe(12);
    expect(ss.calls["Range.setValues"]).toBe(3);
    expect(result.sent.filter((s) => s.summary).map((s) => s.recipient)).toEqual([
      "组织部门",
      "人社部门",
    ]);
  });

  it("a mail in flight when the run is killed is never sent twice; the rest go next run", () => {
    const { mail, props, services, clock, ss } = setup("2027-03-01T08:00:00+08:00");
    // Killed right after MailApp took the third mail, before its outcome was recorded (the
    // 6-minute limit: nothing of the run goes on, not even a catch).
    let writes = 0;
    props.beforeWrite = () => {
      // plan: progress + batch list; then sending/outcome per mail: the 3rd outcome is write 8.
      if (++writes === 8) throw new Error("killed");
    };
    expect(() => runDailyCheck(services)).toThrow("killed");
    props.beforeWrite = null;
    expect(mail.sent.length).toBe(3);
    const batch = clock.now().getTime().toString(36);
    expect(JSON.parse(props.values.get(OUTBOX_KEY)!)).toEqual([batch]);
    expect(JSON.parse(props.values.get(`${OUTBOX_KEY}.${batch}`)!).codes).toBe(
      "oos" + "p".repeat(10),
    );
    // The plan is in 提醒 already: every row 待发送, none claiming a send that may not happen.
    const statuses = () => {
      const v = ss.sheet("提醒").getDataRange().getValues();
      const at = v[0].indexOf("状态");
      return v.slice(1).map((r) => String(r[at]));
    };
    expect(new Set(statuses())).toEqual(new Set(["待发送"]));

    const firstThree = new Set(mail.sent.map((m) => m.to.join()));
    clock.set("2027-03-01T14:00:00+08:00");
    const resumed = runDailyCheck(services);
    const resent = resumed.sent.map((s) => s.mail.to.join());
    expect(resent.filter((to) => firstThree.has(to))).toEqual([]);
    // 13 mails were due: 2 recorded as sent, the 3rd in flight (待确认, never resent), 10 go now.
    expect(resent.length).toBe(10);
    expect(resumed.recovery).toMatchObject({ sent: 2, requeued: 10 });
    expect(resumed.recovery!.unconfirmed.length).toBe(1);
    expect(mail.sent.length).toBe(13);
    expect(props.values.has(OUTBOX_KEY)).toBe(false);
    const counts = new Map<string, number>();
    for (const st of statuses()) counts.set(st, (counts.get(st) ?? 0) + 1);
    expect(counts.get("待确认")).toBeGreaterThan(0);
    expect(counts.get("待发送") ?? 0).toBe(0);
    const again = runDailyCheck(services);
    expect(again.sent).toEqual([]);
    expect(describeRun(again)).toContain("今天没有需要发送的提醒");
  });

  it("waits at most 30 s for the lock and otherwise exits with a Chinese note", () => {
    const { services, lock } = setup("2027-03-01T08:00:00+08:00");
    const other = lock.LockService.getScriptLock();
    expect(other.tryLock(1000)).toBe(true);
    expect(menuRemindCore(services)).toBe("另一次提醒检查正在运行，本次未执行（等待超过30秒）。");
    other.releaseLock();
    const text = menuRemindCore(services);
    expect(text).toMatch(/^2027年3月1日：发送提醒邮件 13 封（单位 11 封，汇总 2 封）。/);
    expect(menuRemindCore(services)).toBe(
      "2027年3月1日：今天没有需要发送的提醒（已发送过的不再重复发送）。",
    );
  });

  it("logs counts only: the account's text is the dialog's (dist/dialog-remind.html)", () => {
    const { services, lock } = setup("2027-03-01T08:00:00+08:00");
    const logged: string[] = [];
    services.log = (m) => logged.push(m);
    const other = lock.LockService.getScriptLock();
    expect(other.tryLock(1000)).toBe(true);
    runDailyCheck(services);
    other.releaseLock();
    runDailyCheck(services);
    expect(logged).toEqual([
      "期限提醒：另一次提醒检查正在运行，本次未执行",
      "期限提醒：2027-03-01 发送 13 封，发送失败 0 封，待确认 0 封，待发送 0 封，无法判断的记录 0 条",
    ]);
  });

  it("takes today in the spreadsheet's time zone", () => {
    const at = new Date("2027-03-31T20:30:00Z"); // 04:30 on 1 April in Shanghai
    expect(isoFromDay(dayInTimeZone(at, "Asia/Shanghai").day)).toBe("2027-04-01");
    expect(dayInTimeZone(at, "Asia/Shanghai").offsetMs).toBe(8 * 3_600_000);
    expect(isoFromDay(dayInTimeZone(at, "America/New_York").day)).toBe("2027-03-31");
  });

  it("unit mails name people by 姓名 and 人员编号 and write 应付未付 N 人, never amounts", () => {
    const { mail, services } = setup("2027-03-01T08:00:00+08:00");
    runDailyCheck(services);
    const pay = mail.sent.find(
      (m) =>
        m.subject.startsWith("【期限提醒】") && m.body.includes("2026年度未休年休假报酬另行支付"),
    )!;
    expect(pay.body).toMatch(/2026年度未休年休假报酬另行支付：应付未付 \d+ 人（[^）]+ [A-Z]+\d+/);
    for (const m of mail.sent) {
      expect(m.body).not.toMatch(/\d{17}[\dXx]|元|\d+\.\d{2}/);
    }
  });
});
