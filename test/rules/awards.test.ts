import { describe, it, expect } from "vitest";
import {
  type AwardStandard,
  DEFAULT_AWARD_STANDARDS,
  assessmentAward,
  awardBonusFen,
  canonicalText,
  normalizeAward,
  normalizeCategory,
} from "../../src/rules/awards";
import { InputError } from "../../src/rules/errors";

describe("normalizeCategory", () => {
  it("treats blank and 参公管理 as 公务员", () => {
    expect(normalizeCategory("")).toBe("公务员");
    expect(normalizeCategory("  ")).toBe("公务员");
    expect(normalizeCategory("公务员")).toBe("公务员");
    expect(normalizeCategory("参公管理")).toBe("公务员");
    expect(normalizeCategory("参照公务员法管理")).toBe("公务员");
    expect(normalizeCategory("参公")).toBe("公务员");
  });

  it("recognises 事业单位 spellings, spaces and full-width characters", () => {
    expect(normalizeCategory("事业单位")).toBe("事业单位");
    expect(normalizeCategory("事业单位工作人员")).toBe("事业单位");
    expect(normalizeCategory("事业")).toBe("事业单位");
    expect(normalizeCategory(" 事业 单位\u3000")).toBe("事业单位");
  });

  it("rejects anything else, listing the accepted values", () => {
    expect(() => normalizeCategory("临时工")).toThrow(InputError);
    expect(() => normalizeCategory("临时工")).toThrow(/公务员、参公管理 或 事业单位/);
  });
});

describe("normalizeAward", () => {
  it("accepts 公务员 awards with or without 记/授予", () => {
    expect(normalizeAward("嘉奖", "公务员")).toBe("嘉奖");
    expect(normalizeAward("三等功", "公务员")).toBe("记三等功");
    expect(normalizeAward("记三等功", "公务员")).toBe("记三等功");
    expect(normalizeAward("二等功", "公务员")).toBe("记二等功");
    expect(normalizeAward("一等功", "公务员")).toBe("记一等功");
    expect(normalizeAward("国家荣誉称号", "公务员")).toBe("授予国家荣誉称号");
    expect(normalizeAward("授予国家荣誉称号", "公务员")).toBe("授予国家荣誉称号");
  });

  it("accepts 事业单位 awards", () => {
    expect(normalizeAward("嘉奖", "事业单位")).toBe("嘉奖");
    expect(normalizeAward("记功", "事业单位")).toBe("记功");
    expect(normalizeAward("记大功", "事业单位")).toBe("记大功");
  });

  it("ignores stray spaces and full-width characters", () => {
    expect(normalizeAward(" 记 三等功 ", "公务员")).toBe("记三等功");
    expect(normalizeAward("\u3000嘉奖\u3000", "事业单位")).toBe("嘉奖");
    expect(canonicalText("ＡＢ　１２")).toBe("AB12");
  });

  it("rejects an award that the category does not have", () => {
    expect(() => normalizeAward("记大功", "公务员")).toThrow(InputError);
    expect(() => normalizeAward("记大功", "公务员")).toThrow(/公务员/);
    expect(() => normalizeAward("记大功", "公务员")).toThrow(
      /嘉奖、记三等功、记二等功、记一等功、授予称号、授予国家荣誉称号/,
    );
    expect(() => normalizeAward("记一等功", "事业单位")).toThrow(/嘉奖、记功、记大功、授予称号/);
    expect(() => normalizeAward("功", "事业单位")).toThrow(InputError);
  });

  it("rejects unknown and blank awards", () => {
    expect(() => normalizeAward("表扬", "公务员")).toThrow(/表扬/);
    expect(() => normalizeAward("", "公务员")).toThrow(/为空/);
  });
});

describe("awardBonusFen", () => {
  it("pays the county document's amounts to 公务员 and 参公管理", () => {
    expect(awardBonusFen("嘉奖", "公务员")).toBe(150000);
    expect(awardBonusFen("记三等功", "公务员")).toBe(300000);
    expect(awardBonusFen("二等功", "参公管理")).toBe(600000);
    expect(awardBonusFen("一等功", "")).toBe(1200000);
    expect(awardBonusFen("国家荣誉称号", "公务员")).toBe(2000000);
  });

  it("pays 事业单位 awards 参照 the 公务员 standard", () => {
    expect(awardBonusFen("嘉奖", "事业单位")).toBe(150000);
    expect(awardBonusFen("记功", "事业单位")).toBe(300000);
    expect(awardBonusFen("记大功", "事业单位工作人员")).toBe(600000);
  });

  it("lists the defaults exactly", () => {
    expect(
      DEFAULT_AWARD_STANDARDS.map((s) => [s.category, s.award, s.bonusFen, s.reference]),
    ).toEqual([
      ["公务员", "嘉奖", 150000, ""],
      ["公务员", "记三等功", 300000, ""],
      ["公务员", "记二等功", 600000, ""],
      ["公务员", "记一等功", 1200000, ""],
      ["公务员", "授予国家荣誉称号", 2000000, ""],
      ["公务员", "授予称号", 2000000, ""],
      ["事业单位", "嘉奖", 150000, "嘉奖"],
      ["事业单位", "记功", 300000, "记三等功"],
      ["事业单位", "记大功", 600000, "记二等功"],
    ]);
  });

  it("lets a standards table override the defaults", () => {
    const standards: AwardStandard[] = [
      { category: "公务员", award: "嘉奖", bonusFen: 200000, reference: "" },
      { category: "事业单位", award: "记大功", bonusFen: 650050, reference: "记二等功" },
    ];
    expect(awardBonusFen("嘉奖", "公务员", standards)).toBe(200000);
    expect(awardBonusFen("记大功", "事业单位", standards)).toBe(650050);
    // rows not in the table keep the defaults
    expect(awardBonusFen("记三等功", "公务员", standards)).toBe(300000);
    // a default 事业单位 award follows the 公务员 award it 参照
    expect(awardBonusFen("嘉奖", "事业单位", standards)).toBe(200000);
  });

  it("takes a blank amount from the 公务员 award named in 参照", () => {
    const standards: AwardStandard[] = [
      { category: "公务员", award: "记三等功", bonusFen: 350000, reference: "" },
      { category: "事业单位", award: "记功", bonusFen: Number.NaN, reference: "三等功" },
      { category: "事业单位", award: "嘉奖", bonusFen: Number.NaN, reference: "一等功" },
    ];
    expect(awardBonusFen("记功", "事业单位", standards)).toBe(350000);
    expect(awardBonusFen("嘉奖", "事业单位", standards)).toBe(1200000);
  });

  it("rejects a standards row with neither amount nor 参照, or a negative amount", () => {
    const noAmount: AwardStandard[] = [
      { category: "事业单位", award: "记功", bonusFen: Number.NaN, reference: "" },
    ];
    expect(() => awardBonusFen("嘉奖", "公务员", noAmount)).toThrow(InputError);
    const negative: AwardStandard[] = [
      { category: "公务员", award: "嘉奖", bonusFen: -1, reference: "" },
    ];
    expect(() => awardBonusFen("嘉奖", "公务员", negative)).toThrow(InputError);
    const badReference: AwardStandard[] = [
      { category: "事业单位", award: "记功", bonusFen: Number.NaN, reference: "记大功" },
    ];
    expect(() => awardBonusFen("记功", "事业单位", badReference)).toThrow(/参照/);
  });

  it("follows 参照 between 公务员 awards and reports a loop", () => {
    const chain: AwardStandard[] = [
      { category: "公务员", award: "嘉奖", bonusFen: Number.NaN, reference: "记三等功" },
    ];
    expect(awardBonusFen("嘉奖", "公务员", chain)).toBe(300000);
    expect(awardBonusFen("嘉奖", "事业单位", chain)).toBe(300000);
    const loop: AwardStandard[] = [
      { category: "公务员", award: "嘉奖", bonusFen: Number.NaN, reference: "嘉奖" },
    ];
    expect(() => awardBonusFen("嘉奖", "公务员", loop)).toThrow(/循环/);
    // other awards of the same table still work
    expect(awardBonusFen("记一等功", "公务员", loop)).toBe(1200000);
  });

  it("uses each standards array as given, call after call", () => {
    const a: AwardStandard[] = [
      { category: "公务员", award: "嘉奖", bonusFen: 100000, reference: "" },
    ];
    const b: AwardStandard[] = [
      { category: "公务员", award: "嘉奖", bonusFen: 180000, reference: "" },
    ];
    expect(awardBonusFen("嘉奖", "公务员", a)).toBe(100000);
    expect(awardBonusFen("嘉奖", "公务员", b)).toBe(180000);
    expect(awardBonusFen("嘉奖", "公务员", a)).toBe(100000);
    expect(awardBonusFen("嘉奖", "公务员")).toBe(150000);
  });

  it("rejects blank and unknown awards and categories", () => {
    expect(() => awardBonusFen("", "公务员")).toThrow(/奖励类型为空/);
    expect(() => awardBonusFen("记大功", "公务员")).toThrow(InputError);
    expect(() => awardBonusFen("记一等功", "事业单位")).toThrow(InputError);
    expect(() => awardBonusFen("嘉奖", "合同工")).toThrow(/人员类别/);
  });
});

describe("the statutory names and 奖励标准 pairs", () => {
  it("pays 授予称号 (公务员法第五十三条) to 公务员 and 参公管理 at 20,000 元", () => {
    expect(awardBonusFen("授予称号", "公务员")).toBe(2000000);
    expect(awardBonusFen("授予称号", "参公管理")).toBe(2000000);
    expect(awardBonusFen("称号", "")).toBe(2000000);
  });

  it("asks for a 奖励标准 row for 事业单位 授予称号 (事业单位工作人员奖励规定第六条), and computes with one", () => {
    expect(() => awardBonusFen("授予称号", "事业单位")).toThrow(
      /事业单位的“授予称号”没有奖金标准，请在奖励标准中补充/,
    );
    const row = {
      category: "事业单位" as const,
      award: "授予称号",
      bonusFen: 1000000,
      reference: "",
    };
    expect(awardBonusFen("授予称号", "事业单位", [row])).toBe(1000000);
  });

  it("lets 奖励标准 add a pair the county document does not list", () => {
    const row = {
      category: "事业单位" as const,
      award: "记三等功",
      bonusFen: 250000,
      reference: "",
    };
    expect(awardBonusFen("记三等功", "事业单位", [row])).toBe(250000);
    expect(() => awardBonusFen("记三等功", "事业单位")).toThrow(/属于公务员/);
  });
});

describe("assessmentAward (公务员考核规定第十九条)", () => {
  it("gives 嘉奖 for 优秀 and 记三等功 for three years in a row", () => {
    expect(assessmentAward("公务员", 1).award).toBe("嘉奖");
    expect(assessmentAward("公务员", 2).award).toBe("嘉奖");
    expect(assessmentAward("公务员", 3)).toEqual({
      award: "记三等功",
      basis: "公务员考核规定第十九条(二)：连续三年确定为优秀等次的，记三等功",
    });
    expect(assessmentAward("事业单位", 3).award).toBe("记功");
  });
});
