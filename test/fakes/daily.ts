/**
 * The daily check's services (src/gas/daily.ts) over the fakes: a spreadsheet holding the given
 * sheets, MailApp with a daily quota, LockService, PropertiesService and a settable clock.
 */
import type { Grid } from "../../src/records/cells";
import type { DailyServices } from "../../src/gas/daily";
import { createFakeSpreadsheet } from "./spreadsheetApp";
import { createFakeMailApp } from "./mailApp";
import { createFakeLockService } from "./lockService";
import { createFakeProperties } from "./properties";
import { createFakeClock } from "./clock";

export function createFakeDaily(
  sheets: Iterable<[string, Grid]>,
  options: { start?: Date | string; quota?: number } = {},
) {
  const ss = createFakeSpreadsheet();
  for (const [name, grid] of sheets) ss.addSheetWithRows(name, grid);
  const mail = createFakeMailApp(options.quota);
  const lock = createFakeLockService();
  const props = createFakeProperties();
  const clock = createFakeClock(options.start);
  const services: DailyServices = {
    spreadsheet: ss as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet,
    MailApp: mail.MailApp,
    LockService: lock.LockService,
    PropertiesService: props.PropertiesService,
    now: () => clock.now(),
    log: () => undefined,
  };
  return { ss, mail, lock, props, clock, services };
}
