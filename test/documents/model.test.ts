import { describe, expect, it } from "vitest";
import { attachmentLines, documentText } from "../../src/documents/model";
import {
  chineseNumeral,
  formatDocNumber,
  headingLabel,
  nextSequence,
  parseDocNumber,
} from "../../src/documents/numbering";
import {
  FOOTER_FROM_EDGE_MM,
  TEXT_WIDTH_MM,
  closingIndents,
  issuerSizePt,
  mmToPt,
  mmToTwips,
  pageNumberText,
  tableFontPt,
  textWidthChars,
} from "../../src/documents/layout";
import { sampleFiling, sampleNotice } from "./samples";

describe("发文字号", () => {
  it("formats with 六角括号 U+3014/U+3015", () => {
    const n = formatDocNumber("魏组", 2027, 3);
    expect(n).toBe("魏组〔2027〕3号");
    expect([...n].map((c) => c.codePointAt(0))).toContain(0x3014);
    expect([...n].map((c) => c.codePointAt(0))).toContain(0x3015);
    expect(formatDocNumber(" 魏人社 ", 2028, 12)).toBe("魏人社〔2028〕12号");
  });

  it("rejects what cannot be a number, in Chinese", () => {
    expect(() => formatDocNumber("", 2027, 1)).toThrow("发文字号前缀为空");
    expect(() => formatDocNumber("魏组", 27, 1)).toThrow("发文年份“27”无效");
    expect(() => formatDocNumber("魏组", 2027, 0)).toThrow("发文顺序号“0”无效");
  });

  it("parses the correct form and the brackets people type instead", () => {
    expect(parseDocNumber("魏组〔2027〕3号")).toEqual({ prefix: "魏组", year: 2027, seq: 3 });
    expect(parseDocNumber("魏组[2027]03号")).toEqual({ prefix: "魏组", year: 2027, seq: 3 });
    expect(parseDocNumber(" 魏组（2027）第15号 ")).toEqual({ prefix: "魏组", year: 2027, seq: 15 });
    expect(parseDocNumber("魏字【2021】30号")).toEqual({ prefix: "魏字", year: 2021, seq: 30 });
    expect(parseDocNumber("魏组2027年3号")).toBeNull();
    expect(parseDocNumber("魏组〔2027〕0号")).toBeNull();
    expect(parseDocNumber("")).toBeNull();
  });

  it("numbers sequentially within a prefix and year", () => {
    const used = [
      "魏组〔2027〕1号",
      "魏组〔2027〕7号",
      "魏组[2027]3号",
      "魏组〔2026〕40号",
      "魏人社〔2027〕9号",
      "草稿",
    ];
    expect(nextSequence(used, "魏组", 2027)).toBe(8);
    expect(nextSequence(used, "魏组", 2026)).toBe(41);
    expect(nextSequence(used, "魏组", 2028)).toBe(1);
    expect(nextSequence([], "魏组", 2027)).toBe(1);
  });

  it("labels headings 一、（一）1．（1）", () => {
    expect(chineseNumeral(1)).toBe("一");
    expect(chineseNumeral(10)).toBe("十");
    expect(chineseNumeral(12)).toBe("十二");
    expect(chineseNumeral(20)).toBe("二十");
    expect(chineseNumeral(105)).toBe("一百零五");
    expect(chineseNumeral(110)).toBe("一百一十");
    expect(headingLabel(1, 3)).toBe("三、");
    expect(headingLabel(2, 11)).toBe("（十一）");
    expect(headingLabel(3, 2)).toBe("2．");
    expect(headingLabel(4, 4)).toBe("（4）");
    expect(() => chineseNumeral(0)).toThrow("序号“0”超出范围");
  });
});

describe("layout", () => {
  it("converts millimetres to twips and points", () => {
    expect(mmToTwips(210)).toBe(11906);
    expect(mmToTwips(297)).toBe(16838);
    expect([37, 35, 28, 26].map(mmToTwips)).toEqual([2098, 1984, 1587, 1474]);
    expect(TEXT_WIDTH_MM).toBe(156);
    expect(Math.round(mmToPt(156) * 100) / 100).toBe(442.2);
    // 35 − 7 mm, less the 3.26 mm from the footer's bottom to its characters' middle.
    expect(Math.round(FOOTER_FROM_EDGE_MM * 100) / 100).toBe(24.74);
  });

  it("measures text in characters: CJK 1, ASCII 0.5", () => {
    expect(textWidthChars("2027年3月31日")).toBe(6.5);
    expect(textWidthChars("中共魏县县委组织部")).toBe(9);
  });

  it("places 署名 and 成文日期 as GB/T 9704 §7.3.5.2 asks", () => {
    // Long 署名: 右空二字, date starts two characters further right.
    expect(closingIndents("中共魏县县委组织部", "2027年3月31日")).toEqual({
      signatureRight: 2,
      dateRight: 2.5,
    });
    // Short 署名: the date stands 右空二字 and the 署名 moves left.
    expect(closingIndents("魏县财政局", "2027年3月31日")).toEqual({
      signatureRight: 5.5,
      dateRight: 2,
    });
    expect(closingIndents("", "2027年3月31日")).toEqual({ signatureRight: 2, dateRight: 2 });
  });

  it("sizes the 发文机关标志, tables, page numbers and Google line spacing", () => {
    expect(issuerSizePt("中共魏县县委组织部")).toBe(42);
    expect(issuerSizePt("中共魏县县委组织部魏县人力资源和社会保障局")).toBe(18);
    expect(issuerSizePt("魏县人力资源和社会保障局文件")).toBe(28);
    expect([3, 4, 5, 7, 8, 12].map(tableFontPt)).toEqual([14, 14, 12, 12, 10.5, 10.5]);
    expect(pageNumberText(12)).toBe("— 12 —");
  });
});

describe("documentText", () => {
  it("lists every visible text of a notice, 版头 to 版记", () => {
    const text = documentText(sampleNotice());
    const lines = text.split("\n");
    expect(lines[0]).toBe("中共魏县县委组织部");
    expect(lines[1]).toBe("魏组〔2027〕3号");
    expect(lines[2]).toBe("关于对干部关怀激励措施落实不到位");
    expect(lines[3]).toBe("单位的通报批评");
    expect(lines[4]).toBe("各乡镇党委，县委各部委，县直各单位党组（党委）：");
    expect(lines).toContain("序号\t单位\t逾期事项\t截止日期\t逾期天数");
    expect(lines).toContain(
      "3\t魏县棘针寨镇人民政府\t2026年度干部健康体检情况备案\t2027年2月28日\t46",
    );
    expect(lines).toContain("附件：1．逾期事项明细表");
    expect(lines.slice(-4)).toEqual([
      "中共魏县县委组织部",
      "2027年4月15日",
      "抄送：县委办公室，县人力资源和社会保障局。",
      "中共魏县县委组织部办公室\t2027年4月15日印发",
    ]);
  });

  it("includes table totals and leaves out an absent 版头 and 版记", () => {
    const text = documentText(sampleFiling());
    expect(text.startsWith("魏县财政局2027年度年休假执行及未休报酬情况备案表\n")).toBe(true);
    expect(text).toContain("合计\t\t55\t42\t13\t\t14577.00\t9718.00\t");
    expect(text).not.toContain("印发");
    expect(text.endsWith("魏县财政局\n2028年3月31日")).toBe(true);
  });

  it("numbers several attachments and aligns them under the first name", () => {
    expect(attachmentLines([])).toEqual([]);
    expect(attachmentLines(["名单"])).toEqual(["附件：名单"]);
    expect(attachmentLines(["名单", "明细"])).toEqual(["附件：1．名单", "　　　2．明细"]);
  });
});
