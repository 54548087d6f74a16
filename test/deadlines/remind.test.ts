import { describe, expect, it } from "vitest";
import { buildSample, sampleAsGrids } from "../../src/sample/sample";
import { createFakeDaily } from "../fakes/daily";
import type { FakeSpreadsheet } from "../fakes/spreadsheetApp";
import { dayInTimeZone, menuRemindCore, runDailyCheck } from "../../src/gas/daily";
import { INFLIGHT_KEY } from "../../src/workflows/remind";
import { isoFromDay } from "../../src/rules/dates";

function setup(start: string) {
  return createFakeDaily(sampleAsGrids(buildSample()), { start });
}

describe("runDailyCheck", () => {
  it("reads each sheet once and appends to 提醒 once", () => {
    const { ss, services, lock } = setup("2027-03-01T08:00:00+08:00");
    ss.resetCalls();
    const result = runDailyCheck(services);
    expect(lock.waits).toEqual([30_000]);
    expect(result.writes).toBe(1);
    expect(ss.calls["Range.getValues"]).toBe(10);
    expect(ss.calls["Range.setValues"]).toBe(1);
    expect(result.sent.filter((s) => s.summary).map((s) => s.recipient)).toEqual([
      "组织部门",
      "人社部门",
    ]);
  });

  it("a mail in flight when the run is killed is never sent twice; the rest go next run", () => {
    const { mail, props, services, clock } = setup("2027-03-01T08:00:00+08:00");
    // Killed inside the third send, after MailApp accepted nothing: that one mail is lost, not doubled.
    let n = 0;
    mail.beforeSend = () => {
      if (++n === 3) throw Object.assign(new Error("killed"), { hard: true });
    };
    // A hard kill: MailApp's throw is caught as a failed send, so make the follow-up write fail too.
    let killed = false;
    mail.afterSend = null;
    const origBefore = mail.beforeSend;
    mail.beforeSend = (m) => {
      try {
        origBefore(m);
      } catch (e) {
        killed = true;
        throw e;
      }
    };
    const sheet = (services.spreadsheet as unknown as FakeSpreadsheet).sheet("提醒");
    const append = sheet.getRange.bind(sheet);
    (sheet as unknown as { getRange: typeof append }).getRange = ((
      ...args: Parameters<typeof append>
    ) => {
      if (killed) throw new Error("killed");
      return append(...args);
    }) as typeof append;
    expect(() => runDailyCheck(services)).toThrow("killed");
    expect(mail.sent.length).toBe(2);
    expect(JSON.parse(props.values.get(INFLIGHT_KEY)!)).toEqual({
      [clock.now().getTime().toString(36)]: 3,
    });

    (sheet as unknown as { getRange: typeof append }).getRange = append;
    mail.beforeSend = null;
    const firstThree = new Set(mail.sent.map((m) => m.to.join()));
    clock.set("2027-03-01T14:00:00+08:00");
    const resumed = runDailyCheck(services);
    const resent = resumed.sent.map((s) => s.mail.to.join());
    expect(resent.filter((to) => firstThree.has(to))).toEqual([]);
    // 13 mails were due: 2 delivered, the 3rd was in flight (counted as sent), 10 go now.
    expect(resent.length).toBe(10);
    expect(props.values.has(INFLIGHT_KEY)).toBe(false);
    const again = runDailyCheck(services);
    expect(again.sent).toEqual([]);
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
