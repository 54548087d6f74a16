import { describe, it, expect } from "vitest";
import { chineseAmount, fenToYuan, formatYuan, roundFen, yuanToFen } from "../../src/rules/money";
import { InputError } from "../../src/rules/errors";

describe("yuanToFen", () => {
  it("is an exact integer for amounts with at most two decimals", () => {
    expect(yuanToFen(1500)).toBe(150000);
    expect(yuanToFen(1500.01)).toBe(150001);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(1234567.89)).toBe(123456789);
    expect(yuanToFen(0)).toBe(0);
  });
  it("keeps the unrounded product for more decimals", () => {
    const daily = 30000 / 261; // 114.942528… 元
    expect(yuanToFen(daily)).toBeCloseTo(11494.252873563218, 9);
    expect(Number.isInteger(yuanToFen(daily))).toBe(false);
    expect(yuanToFen(0.125)).toBe(12.5);
  });
  it("rejects non-numbers", () => {
    expect(() => yuanToFen(NaN)).toThrow(InputError);
    expect(() => yuanToFen(Infinity)).toThrow(/不是有效数字/);
  });
});

describe("roundFen", () => {
  it("rounds half up, away from zero", () => {
    expect(roundFen(2.5)).toBe(3);
    expect(roundFen(2.4999)).toBe(2);
    expect(roundFen(2.5001)).toBe(3);
    expect(roundFen(0.5)).toBe(1);
    expect(roundFen(-2.5)).toBe(-3);
    expect(roundFen(-2.4)).toBe(-2);
    expect(roundFen(7)).toBe(7);
    // a result of zero is always +0, so a cell never shows -0
    expect(Object.is(roundFen(-0.2), 0)).toBe(true);
    expect(Object.is(roundFen(0.2), 0)).toBe(true);
    expect(Object.is(yuanToFen(-0), 0)).toBe(true);
  });
  it("tolerates float noise just under .5", () => {
    expect(roundFen(0.5 - 1e-9)).toBe(1);
    expect(roundFen(1.005 * 100 * 10)).toBe(1005); // 1004.9999999999999
    expect(roundFen(((87 / 261) * 3) / 2)).toBe(1); // exactly 0.5 in arithmetic
    expect(roundFen(1234567.5 - 1e-7)).toBe(1234568);
    expect(roundFen(1.4999999999)).toBe(2);
    expect(roundFen(1.005 * 100)).toBe(101); // 100.49999999999999
  });
  it("is exact for large amounts", () => {
    expect(roundFen(123456789012.5)).toBe(123456789013);
    expect(roundFen(123456789012.4)).toBe(123456789012);
    expect(roundFen(99999999999999)).toBe(99999999999999);
    expect(roundFen(99999999999999.4)).toBe(99999999999999);
  });
  it("does not round up values clearly below .5", () => {
    expect(roundFen(0.4999)).toBe(0);
    expect(roundFen(100.49)).toBe(100);
  });
  it("rejects NaN", () => {
    expect(() => roundFen(NaN)).toThrow(InputError);
  });
});

describe("fenToYuan / formatYuan", () => {
  it("converts whole fen to yuan", () => {
    expect(fenToYuan(150001)).toBe(1500.01);
    expect(fenToYuan(30)).toBe(0.3);
    expect(fenToYuan(0)).toBe(0);
    expect(fenToYuan(689655.17)).toBe(6896.55);
    expect(fenToYuan(0.5)).toBe(0.01);
  });
  it("formats with thousands separators and two decimals", () => {
    expect(formatYuan(150000)).toBe("1,500.00");
    expect(formatYuan(150001)).toBe("1,500.01");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(0)).toBe("0.00");
    expect(formatYuan(99)).toBe("0.99");
    expect(formatYuan(100000000)).toBe("1,000,000.00");
    expect(formatYuan(12345678901)).toBe("123,456,789.01");
    expect(formatYuan(-150050)).toBe("-1,500.50");
    expect(formatYuan(2.5)).toBe("0.03");
  });
});

describe("chineseAmount", () => {
  it("writes the approval-form amounts", () => {
    expect(chineseAmount(150000)).toBe("壹仟伍佰元整");
    expect(chineseAmount(300000)).toBe("叁仟元整");
    expect(chineseAmount(600000)).toBe("陆仟元整");
    expect(chineseAmount(1200000)).toBe("壹万贰仟元整");
    expect(chineseAmount(2000000)).toBe("贰万元整");
  });
  it("handles zeros inside the number and the 角/分", () => {
    expect(chineseAmount(305050)).toBe("叁仟零伍拾元伍角");
    expect(chineseAmount(100000001)).toBe("壹佰万元零壹分");
    expect(chineseAmount(0)).toBe("零元整");
    expect(chineseAmount(10)).toBe("壹角");
    expect(chineseAmount(1)).toBe("壹分");
    expect(chineseAmount(12)).toBe("壹角贰分");
    expect(chineseAmount(100)).toBe("壹元整");
    expect(chineseAmount(1000)).toBe("壹拾元整");
    expect(chineseAmount(168032)).toBe("壹仟陆佰捌拾元叁角贰分");
    expect(chineseAmount(100500)).toBe("壹仟零伍元整");
    expect(chineseAmount(1005000)).toBe("壹万零伍拾元整");
    expect(chineseAmount(100100000)).toBe("壹佰万壹仟元整");
    expect(chineseAmount(100010000)).toBe("壹佰万零壹佰元整");
    expect(chineseAmount(10000000000)).toBe("壹亿元整");
    expect(chineseAmount(10000000100)).toBe("壹亿零壹元整");
    expect(chineseAmount(10000100000)).toBe("壹亿零壹仟元整");
    expect(chineseAmount(12345678900)).toBe("壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整");
    expect(chineseAmount(12345678912)).toBe("壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分");
    expect(chineseAmount(111)).toBe("壹元壹角壹分");
    expect(chineseAmount(101)).toBe("壹元零壹分");
    expect(chineseAmount(1500)).toBe("壹拾伍元整");
    expect(chineseAmount(1000005)).toBe("壹万元零伍分");
    expect(chineseAmount(10050000)).toBe("壹拾万零伍佰元整");
    expect(chineseAmount(1000010000)).toBe("壹仟万零壹佰元整");
    expect(chineseAmount(1010000000)).toBe("壹仟零壹拾万元整");
    expect(chineseAmount(10010000000)).toBe("壹亿零壹拾万元整");
    expect(chineseAmount(99999999999999)).toBe(
      "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
    );
  });
  it("rounds a fraction of a fen half-up first", () => {
    expect(chineseAmount(149999.5)).toBe("壹仟伍佰元整");
  });
  it("rejects negative, non-finite and too-large amounts", () => {
    expect(() => chineseAmount(-1)).toThrow(/不能为负数/);
    expect(() => chineseAmount(NaN)).toThrow(InputError);
    expect(() => chineseAmount(1e14)).toThrow(/过大/);
  });
});
