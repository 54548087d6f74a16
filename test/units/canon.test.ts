/**
 * canon (src/workflows/units.ts) compares every input cell of every unit file with the hub's;
 * it skips NFKC for text already in normal form. Its result must be exactly that of blank →
 * "", else "s" + normalizeText, for any text.
 */
import { describe, expect, it } from "vitest";
import { isBlank, normalizeText } from "../../src/records/cells";
import { canon } from "../../src/workflows/units";

const reference = (text: string): string => (isBlank(text) ? "" : `s${normalizeText(text)}`);

describe("canon", () => {
  it("gives what NFKC and trimming give, for plain, full-width, combining and spaced text", () => {
    const samples = [
      "",
      " ",
      "\u3000",
      "\t\n",
      "张三",
      " 张三 ",
      "张　三",
      "张  三",
      "ＡＢ１２",
      "WX0001",
      "县财政局",
      '{"姓名":"s张三","人员编号":"sWX0001"}',
      "e\u0301",
      "\ufb01",
      "①",
      "㈱",
      "\u2003x",
      "a\tb",
      "～",
      "~",
      "\uf9e9",
      "\u4e00\u9fff",
      "=SUM(A1)",
      "2027-03-01",
    ];
    for (const s of samples) expect(canon(s), JSON.stringify(s)).toBe(reference(s));
  });

  it("agrees on 20,000 random strings drawn from ASCII, CJK, full-width, spaces and marks", () => {
    const ranges: [number, number][] = [
      [0x20, 0x7e],
      [0x4e00, 0x9fff],
      [0xff01, 0xff5e],
      [0x3000, 0x303f],
      [0x0300, 0x036f],
      [0xf900, 0xfaff],
      [0x2460, 0x24ff],
      [0x09, 0x0d],
      [0xa0, 0xff],
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      let s = "";
      const length = random(8);
      for (let j = 0; j < length; j++) {
        // Mostly plain text, as cells are; sometimes anything.
        const [lo, hi] = ranges[random(10) < 6 ? random(2) : random(ranges.length)];
        s += String.fromCodePoint(lo + random(hi - lo + 1));
      }
      expect(canon(s), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it("keeps numbers, booleans and dates apart from text", () => {
    expect(canon(null)).toBe("");
    expect(canon(12)).toBe("n12");
    expect(canon("12")).toBe("s12");
    expect(canon(true)).toBe("btrue");
    expect(canon(new Date(0))).toBe("d0");
  });
});
