/**
 * 公民身份号码 (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence and an
 * ISO 7064 MOD 11-2 check character (0-9 or X).
 */
import { isValidYmd } from "../rules/dates";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";

/** The check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error("id body must be 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Why an 18-character ID number is invalid, in Chinese; null when it is valid. */
export function idNumberProblem(raw: string): string | null {
  const id = raw.normalize("NFKC").replace(/\s/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return "身份证号应为18位：前17位数字，末位为数字或X";
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!isValidYmd(y, m, d)) return "身份证号中的出生日期不是有效日期";
  if (idCheckChar(id.slice(0, 17)) !== id[17])
    return "身份证号校验码不正确（GB 11643），请核对号码";
  return null;
}

/** A complete ID number from area code, birth date and 3-digit sequence. */
export function makeIdNumber(
  area: string,
  year: number,
  month: number,
  day: number,
  sequence: number,
): string {
  const body = `${area}${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${String(sequence).padStart(3, "0")}`;
  return body + idCheckChar(body);
}
