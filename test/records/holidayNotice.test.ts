/**
 * The holiday-notice reader on the real notices of eleven years (test/fixtures/notices, each
 * with its source in its first line), against the built-in official calendar (chinese-days):
 * every day the notice makes off or worked agrees with it, and every official day of the year
 * is in the notice.
 */
import { describe, expect, it } from "vitest";
import official from "chinese-days/dist/chinese-days.json";
import { noticeEntries, parseHolidayNotice } from "../../src/records/holidayNotice";
import { isoFromDay, weekday } from "../../src/rules/dates";
import { NOTICE_YEARS, noticeText } from "../fixtures/notices";

const YEARS = NOTICE_YEARS;

const data = official as { holidays: Record<string, string>; workdays: Record<string, string> };

/**
 * Days the built-in calendar has from a later notice of the same year, not the yearly one:
 * 2015 the 70th anniversary of the victory (国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年
 * 纪念日调休放假的通知: 9月3日至5日放假, 9月6日上班); 2020 the extended Spring Festival
 * (国务院办公厅关于延长2020年春节假期的通知, 国办发明电〔2020〕1号: 1月31日至2月2日, so 2月1日 is
 * no longer worked).
 */
const LATER_NOTICES: Record<number, { off: string[]; worked: string[]; notWorked: string[] }> = {
  2015: { off: ["2015-09-03", "2015-09-04"], worked: ["2015-09-06"], notWorked: [] },
  2020: { off: ["2020-01-31"], worked: [], notWorked: ["2020-02-01"] },
};
const isWeekendIso = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
};

describe("the real State Council notices", () => {
  it("covers at least ten years from 2008 to 2026", () => {
    expect(YEARS.length).toBeGreaterThanOrEqual(10);
    expect(YEARS.every((y) => y >= 2008 && y <= 2026)).toBe(true);
  });

  for (const year of YEARS) {
    it(`${year}: every day agrees with the built-in calendar`, () => {
      const notice = parseHolidayNotice(noticeText(year));
      expect(notice.year).toBe(year);
      const entries = noticeEntries(notice);
      const off = new Set(entries.filter((e) => e.type === "休").map((e) => isoFromDay(e.day)));
      const worked = new Set(entries.filter((e) => e.type === "班").map((e) => isoFromDay(e.day)));
      // Each day the notice gives is the official calendar's: 班 a make-up working day, 休 a
      // statutory holiday (or a weekend joined to one, 与周末连休).
      const later = LATER_NOTICES[year] ?? { off: [], worked: [], notWorked: [] };
      for (const iso of worked) {
        if (later.notWorked.includes(iso)) expect(data.workdays[iso]).toBeUndefined();
        else expect(data.workdays[iso], `${iso} 班`).toBeDefined();
      }
      for (const iso of off) {
        expect(data.holidays[iso] !== undefined || isWeekendIso(iso), `${iso} 休`).toBe(true);
      }
      // Each official day of the year is in the notice: every make-up day, every holiday on
      // a weekday (weekend days of a block are off either way).
      const ofYear = (o: Record<string, string>) =>
        Object.keys(o).filter((iso) => iso.startsWith(`${year}-`));
      for (const iso of ofYear(data.workdays))
        expect(worked.has(iso) || later.worked.includes(iso), `${iso} 班 missing`).toBe(true);
      for (const iso of ofYear(data.holidays).filter((i) => !isWeekendIso(i)))
        expect(off.has(iso) || later.off.includes(iso), `${iso} 休 missing`).toBe(true);
      // Blocks keep the weekends inside them.
      for (const b of notice.blocks) {
        for (let i = 1; i < b.days.length; i++) expect(b.days[i] - b.days[i - 1]).toBe(1);
      }
      for (const e of entries.filter((x) => x.type === "班"))
        expect([0, 6]).toContain(weekday(e.day));
    });
  }

  it("2026: the blocks, names and make-up days as the notice prints them", () => {
    const notice = parseHolidayNotice(noticeText(2026));
    expect(
      notice.blocks.map((b) => [
        b.name,
        isoFromDay(b.days[0]),
        b.days.length,
        b.workdays.map(isoFromDay),
      ]),
    ).toEqual([
      ["元旦", "2026-01-01", 3, ["2026-01-04"]],
      ["春节", "2026-02-15", 9, ["2026-02-14", "2026-02-28"]],
      ["清明节", "2026-04-04", 3, []],
      ["劳动节", "2026-05-01", 5, ["2026-05-09"]],
      ["端午节", "2026-06-19", 3, []],
      ["中秋节", "2026-09-25", 3, []],
      ["国庆节", "2026-10-01", 7, ["2026-09-20", "2026-10-10"]],
    ]);
  });

  it("reads the wording variants: 补休, 与周末连休, the previous December, a month left out", () => {
    const days = (year: number, name: string) =>
      parseHolidayNotice(noticeText(year))
        .blocks.find((b) => b.name === name)!
        .days.map(isoFromDay);
    expect(days(2015, "清明节")).toEqual(["2015-04-05", "2015-04-06"]);
    expect(days(2014, "清明节")).toEqual(["2014-04-05", "2014-04-06", "2014-04-07"]);
    expect(days(2024, "元旦")).toEqual(["2023-12-30", "2023-12-31", "2024-01-01"]);
    expect(days(2017, "劳动节")).toEqual(["2017-04-29", "2017-04-30", "2017-05-01"]);
    expect(days(2023, "元旦")).toEqual(["2022-12-31", "2023-01-01", "2023-01-02"]);
    const y2012 = parseHolidayNotice(noticeText(2012)).blocks[0];
    expect(y2012.workdays.map(isoFromDay)).toEqual(["2011-12-31"]);
    const y2010 = parseHolidayNotice(noticeText(2010)).blocks[1];
    expect(y2010.workdays.map(isoFromDay)).toEqual(["2010-02-20", "2010-02-21"]);
    // 2024: 除夕（2月9日）休息 is encouraged, not a holiday.
    expect(days(2024, "春节")[0]).toBe("2024-02-10");
  });

  it("reads full-width punctuation and line breaks anywhere, as pasted from gov.cn", () => {
    const fullWidth = noticeText(2026)
      .replace(/:/g, "：")
      .replace(/,/g, "，")
      .replace(/\(/g, "（")
      .replace(/\)/g, "）")
      .replace(/(\d)日/g, "$1\n日");
    expect(noticeEntries(parseHolidayNotice(fullWidth))).toEqual(
      noticeEntries(parseHolidayNotice(noticeText(2026))),
    );
  });
});

describe("refusals name the sentence", () => {
  const base = noticeText(2026);
  it("a block whose days are not its 共N天", () => {
    const wrong = base.replace(
      "至23日(农历正月初七、周一)放假调休,共9天",
      "至23日(农历正月初七、周一)放假调休,共8天",
    );
    expect(() => parseHolidayNotice(wrong)).toThrow(
      "无法读取通知中的“春节:2月15日(农历腊月二十八、周日)至23日(农历正月初七、周一)放假调休,共8天。”：放假日期 2026-02-15 至 2026-02-23 共 9 天，与“共8天”不符",
    );
  });
  it("a 上班 day that is no weekend", () => {
    const wrong = base.replace("5月9日(周六)上班", "5月8日上班");
    expect(() => parseHolidayNotice(wrong)).toThrow(
      /“劳动节:.*5月8日上班。”：上班日 2026-05-08 是星期五，不是周末/,
    );
  });
  it("a weekday annotation that the year contradicts", () => {
    expect(() => parseHolidayNotice(base.replace(/2026年/g, "2027年"))).toThrow(
      /1月1日注明是星期四，但2027年的这一天是星期五，请核对通知的年份/,
    );
  });
  it("a title of another year than the body", () => {
    const wrong = base.replace("关于2026年部分节假日安排的通知", "关于2027年部分节假日安排的通知");
    expect(() => parseHolidayNotice(wrong)).toThrow(/标题是2027年的通知，正文却安排2026年的节假日/);
  });
  it("text that is no notice", () => {
    expect(() => parseHolidayNotice("明天开会，请准时参加。")).toThrow(/没有找到通知的标题/);
    expect(() =>
      parseHolidayNotice("国务院办公厅关于2026年部分节假日安排的通知\n（正文略）"),
    ).toThrow(/没有找到“一、元旦：……放假……”这样的分项安排/);
  });
});
