import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import official from "chinese-days/dist/chinese-days.json";
import { TARGET, officialDaysSource } from "../../scripts/official-days.mjs";
import { officialEntries } from "../../src/rules/calendar";
import { dayFromYmd } from "../../src/rules/dates";

/** The package's own data, one entry a day, as calendar.ts read it before the compact text. */
function fromPackage() {
  const day = (iso: string) =>
    dayFromYmd(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
  const data = official as { holidays: Record<string, string>; workdays: Record<string, string> };
  return [
    ...Object.entries(data.holidays).map(([iso, info]) => ({
      day: day(iso),
      type: "休",
      name: info.split(",")[1] ?? "",
    })),
    ...Object.entries(data.workdays).map(([iso, info]) => ({
      day: day(iso),
      type: "班",
      name: (info.split(",")[1] ?? "") + "调休上班",
    })),
  ].sort((a, b) => a.day - b.day);
}

/** The one day chinese-days lacks: 2005-12-31 worked for 元旦 2006 (国办发明电〔2005〕35号). */
const CORRECTION = { day: dayFromYmd(2005, 12, 31), type: "班", name: "元旦调休上班" };

describe("the built-in holiday arrangements (src/rules/officialDays.ts)", () => {
  it("decode to exactly the days, types and names chinese-days ships, plus the 2005 correction", () => {
    const decoded = [...officialEntries()].sort((a, b) => a.day - b.day);
    expect(decoded.length).toBe(619 + 150 + 1);
    expect(decoded).toEqual([...fromPackage(), CORRECTION].sort((a, b) => a.day - b.day));
  });

  it("are what scripts/official-days.mjs writes from the installed chinese-days (not stale)", () => {
    expect(readFileSync(TARGET, "utf8")).toBe(officialDaysSource());
  });
});
