/**
 * Money in integer fen (分). Amounts are computed unrounded and rounded half-up to a whole fen
 * once, at the end (DESIGN.md §4; county document 魏字〔2021〕30号 §二.3, §二.5).
 */
import { InputError } from "./errors";

/**
 * How far from a whole or half fen a value may be and still count as exactly there: float noise
 * of a few ulps (0.1 + 0.2, 1500.01 × 100), never a real fraction of a fen.
 */
function tolerance(x: number): number {
  // A few ulps (an ulp is about |x| × 2.2e-16), at least 1e-6 fen, never more than 1e-3 fen.
  return Math.min(1e-3, Math.max(1e-6, Math.abs(x) * 4e-15));
}

function requireFinite(value: number, what: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InputError(`${what}不是有效数字（收到 ${String(value)}），应填写数字金额`);
  }
}

/** Drops the sign of -0 so that results print as 0. */
const noNegativeZero = (n: number): number => (n === 0 ? 0 : n);

/**
 * 元 → 分. A yuan amount with at most two decimals gives the exact integer (1500.01 → 150001,
 * despite 1500.01 × 100 = 150001.00000000003); a finer amount, such as an unrounded daily wage,
 * gives the unrounded product (114.942528… → 11494.2528…).
 */
export function yuanToFen(yuan: number): number {
  requireFinite(yuan, "金额");
  const fen = yuan * 100;
  const whole = Math.round(fen);
  return noNegativeZero(Math.abs(fen - whole) <= tolerance(fen) ? whole : fen);
}

/**
 * Rounds to a whole fen, half-up (half away from zero), the one rounding money gets (DESIGN.md
 * §4): roundFen(2.5) = 3, roundFen(2.4999) = 2, roundFen(-2.5) = -3. A value within float noise
 * of .5 (0.5 − 1e-9, 1.4999999999) counts as .5.
 */
export function roundFen(fen: number): number {
  requireFinite(fen, "金额");
  const magnitude = Math.abs(fen);
  const floor = Math.floor(magnitude);
  const fraction = magnitude - floor;
  const up = fraction >= 0.5 - tolerance(magnitude);
  const rounded = up ? floor + 1 : floor;
  return noNegativeZero(fen < 0 ? -rounded : rounded);
}

/** 分 → 元 as a number with at most two decimals (150001 → 1500.01); rounds half-up to a fen first. */
export function fenToYuan(fen: number): number {
  return noNegativeZero(roundFen(fen) / 100);
}

/** 1,500.00: 元 with thousands separators and two decimals; rounds half-up to a fen first. */
export function formatYuan(fen: number): string {
  const whole = roundFen(fen);
  const magnitude = Math.abs(whole);
  const yuan = Math.floor(magnitude / 100);
  const cents = magnitude % 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${whole < 0 ? "-" : ""}${grouped}.${cents < 10 ? "0" : ""}${cents}`;
}

const DIGITS = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const PLACES = ["", "拾", "佰", "仟"];
const SECTIONS = ["", "万", "亿"];
/** 大写 covers amounts below 1 万亿 元. */
const MAX_YUAN = 1e12;

/** One four-digit section (1..9999) in 大写, with 零 for inner zeros only: 3050 → 叁仟零伍拾. */
function sectionText(section: number): string {
  let text = "";
  let pendingZero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(section / 10 ** place) % 10;
    if (digit === 0) {
      if (text !== "") pendingZero = true;
      continue;
    }
    if (pendingZero) text += "零";
    pendingZero = false;
    text += DIGITS[digit] + PLACES[place];
  }
  return text;
}

/** Whole yuan (≥ 1) in 大写 without the 元: 12000 → 壹万贰仟, 1000000 → 壹佰万. */
function yuanText(yuan: number): string {
  const sections = [Math.floor(yuan / 1e8), Math.floor(yuan / 1e4) % 1e4, yuan % 1e4];
  let text = "";
  let pendingZero = false;
  sections.forEach((section, i) => {
    if (section === 0) {
      if (text !== "") pendingZero = true;
      return;
    }
    if (text !== "" && (pendingZero || section < 1000)) text += "零";
    pendingZero = false;
    text += sectionText(section) + SECTIONS[2 - i];
  });
  return text;
}

/**
 * An amount in 大写 as approval forms write it (GB/T 9704 公文; bank and 财政 practice):
 * 150000 → 壹仟伍佰元整, 305050 → 叁仟零伍拾元伍角, 100000001 → 壹佰万元零壹分, 0 → 零元整,
 * 10 → 壹角, 1 → 壹分. 整 follows 元 only; a 0 in the 角 place before a 分 is written 零.
 * Leading 拾 is written 壹拾. Rounds half-up to a fen first; negative amounts are an error.
 */
export function chineseAmount(fen: number): string {
  const total = roundFen(fen);
  if (total < 0) {
    throw new InputError(`金额不能为负数（收到 ${formatYuan(total)} 元），大写金额只用于非负金额`);
  }
  const yuan = Math.floor(total / 100);
  if (yuan >= MAX_YUAN) {
    throw new InputError(`金额过大（${formatYuan(total)} 元），大写金额最多支持到千亿元`);
  }
  const jiao = Math.floor(total / 10) % 10;
  const cent = total % 10;
  if (yuan === 0) {
    if (jiao === 0 && cent === 0) return "零元整";
    return (jiao > 0 ? DIGITS[jiao] + "角" : "") + (cent > 0 ? DIGITS[cent] + "分" : "");
  }
  const head = yuanText(yuan) + "元";
  if (jiao === 0 && cent === 0) return head + "整";
  if (jiao === 0) return head + "零" + DIGITS[cent] + "分";
  return head + DIGITS[jiao] + "角" + (cent > 0 ? DIGITS[cent] + "分" : "");
}
