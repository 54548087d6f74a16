import { EXIT, type CommandIO, UserFacingError } from "../io";
import { computeWorkbook } from "../../workflows/compute";
import { acceptAwardSuggestions } from "../../workflows/awards";
import { openCadreWorkbook, saveWithBackup } from "./workbook";
import { dayFromInstant } from "../../rules/dates";

/**
 * `cadre-care accept-awards FILE.xlsx [--year Y] [--ids A,B]`: copy the accepted rows of 奖励建议
 * into 奖励 (appended after the last row, never over a typed one), then compute, so 奖金 and
 * 奖励建议 follow. A suggestion 奖励 already holds is skipped.
 */
export async function acceptAwardsCommand(
  file: string,
  opts: { year?: string; ids?: string },
  io: CommandIO,
): Promise<number> {
  const year = opts.year === undefined ? undefined : Number(opts.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 1900 && year <= 9999))
    throw new UserFacingError(`--year “${opts.year}”无效，应为四位年份，如 2026`);
  const ids = opts.ids
    ?.split(/[,，、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const workbook = await openCadreWorkbook(file);
  const result = acceptAwardSuggestions(workbook, { year, ids });
  if (result.added === 0) {
    io.out(
      `没有可接受的奖励建议${result.skipped ? `（${result.skipped} 条「奖励」中已有）` : ""}，工作簿未改动`,
    );
    return EXIT.ok;
  }
  computeWorkbook(workbook, dayFromInstant(io.now()));
  const backup = await saveWithBackup(workbook, file, io);
  io.out(
    `已把 ${result.added} 条奖励建议加入「奖励」${result.skipped ? `，${result.skipped} 条已有、未重复加入` : ""}；修改前的副本：${backup}`,
  );
  return EXIT.ok;
}
