/**
 * 发文字号 (document numbers such as 魏组〔2027〕3号) and heading labels (一、（一）1．（1）)
 * after GB/T 9704-2012: the year in 六角括号 〔〕 (U+3014/U+3015), sequence numbers without
 * leading zeros and without 第.
 */
import { InputError } from "../rules/errors";

export interface DocNumber {
  prefix: string;
  year: number;
  seq: number;
}

const OPEN = "\u3014"; // 〔
const CLOSE = "\u3015"; // 〕

/** 魏组〔2027〕3号 */
export function formatDocNumber(prefix: string, year: number, seq: number): string {
  const p = prefix.trim();
  if (p === "") throw new InputError("发文字号前缀为空，请在“参数”表填写发文字号前缀（如：魏组）");
  if (!Number.isInteger(year) || year < 1900 || year > 9999) {
    throw new InputError(`发文年份“${year}”无效，应为四位年份（如 2027）`);
  }
  if (!Number.isInteger(seq) || seq < 1) {
    throw new InputError(`发文顺序号“${seq}”无效，应为从 1 开始的整数`);
  }
  return `${p}${OPEN}${year}${CLOSE}${seq}号`;
}

/**
 * Reads a 发文字号. Besides the correct 〔〕 it accepts the brackets people often type instead
 * ([] ［］ （） () 【】) and surrounding spaces; null when the text is not a 发文字号.
 */
export function parseDocNumber(text: string): DocNumber | null {
  const m = /^\s*(.+?)\s*[〔\[［（(【]\s*(\d{4})\s*[〕\]］）)】]\s*第?\s*0*(\d+)\s*号\s*$/.exec(
    text,
  );
  if (!m) return null;
  const seq = Number(m[3]);
  if (seq < 1) return null;
  return { prefix: m[1], year: Number(m[2]), seq };
}

/** The next sequence number for prefix and year: one more than the largest used, 1 at first. */
export function nextSequence(existingNumbers: string[], prefix: string, year: number): number {
  const p = prefix.trim();
  let max = 0;
  for (const text of existingNumbers) {
    const n = parseDocNumber(text);
    if (n && n.prefix === p && n.year === year && n.seq > max) max = n.seq;
  }
  return max + 1;
}

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (1..999). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) {
    throw new InputError(`序号“${n}”超出范围，应为 1 至 999 的整数`);
  }
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = "";
  if (hundreds > 0) out += DIGITS[hundreds] + "百";
  if (tens > 0) out += (tens === 1 && hundreds === 0 ? "" : DIGITS[tens]) + "十";
  else if (hundreds > 0 && ones > 0) out += "零";
  if (ones > 0) out += DIGITS[ones];
  return out;
}

/** The number of the n-th heading of a level: 一、 （一） 1． （1） */
export function headingLabel(level: 1 | 2 | 3 | 4, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `（${chineseNumeral(n)}）`;
    case 3:
      return `${n}．`;
    case 4:
      return `（${n}）`;
  }
}
