/** Path of the generated src/rules/officialDays.ts. */
export declare const TARGET: string;
/** The compact text: a line per year, `YYYY MMDD[~DD|~MMDD]休|班名称 …`. */
export declare function encodeOfficialDays(data: {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}): string;
/** The whole generated module for the installed chinese-days. */
export declare function officialDaysSource(): string;
