/** Path of the generated src/rules/officialDays.ts. */
export declare const TARGET: string;
/** The compact text: a legend line (A元旦 …), then a line per year of runs (`0101~03休A`). */
export declare function encodeOfficialDays(data: {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}): string;
/** The whole generated module for the installed chinese-days. */
export declare function officialDaysSource(): string;
