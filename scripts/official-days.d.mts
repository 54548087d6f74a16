/** Path of the generated src/rules/officialDays.ts. */
export declare const TARGET: string;
/** The compact text: one run of days a line, `start[~end] 休|班 name`. */
export declare function encodeOfficialDays(data: {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}): string;
/** The whole generated module for the installed chinese-days. */
export declare function officialDaysSource(): string;
