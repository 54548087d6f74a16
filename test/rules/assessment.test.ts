import { describe, it, expect } from "vitest";
import {
  DEFAULT_QUOTA_PARAMS,
  GREEN_CHANNEL_CONDITIONS,
  type QuotaParams,
  excellentPercent,
  excellentQuota,
  greenChannel,
  isTopRanked,
  parseGreenChannelConditions,
  percentOfCount,
  rankByScore,
} from "../../src/rules/assessment";
import { InputError } from "../../src/rules/errors";

describe("green channel", () => {
  it("accepts the four conditions, alone or joined", () => {
    expect(GREEN_CHANNEL_CONDITIONS).toEqual([
      "省市考核排位前三名",
      "零信访无事故",
      "突出贡献",
      "国家级荣誉",
    ]);
    expect(parseGreenChannelConditions("突出贡献")).toEqual(["突出贡献"]);
    expect(parseGreenChannelConditions("突出贡献、国家级荣誉")).toEqual(["突出贡献", "国家级荣誉"]);
    expect(parseGreenChannelConditions("零信访无事故，省市考核排位前三名")).toEqual([
      "零信访无事故",
      "省市考核排位前三名",
    ]);
    expect(parseGreenChannelConditions("突出贡献；国家级荣誉 / 零信访无事故,突出贡献")).toEqual([
      "突出贡献",
      "国家级荣誉",
      "零信访无事故",
    ]);
    expect(parseGreenChannelConditions("  ")).toEqual([]);
  });

  it("rates 优秀 when any condition holds, blank when none is named", () => {
    expect(greenChannel("国家级荣誉")).toBe("优秀");
    expect(greenChannel("突出贡献、零信访无事故")).toBe("优秀");
    expect(greenChannel("")).toBe("");
    expect(greenChannel("\u3000")).toBe("");
  });

  it("rejects unknown text, listing the accepted values", () => {
    expect(() => greenChannel("表现好")).toThrow(InputError);
    expect(() => greenChannel("突出贡献、表现好")).toThrow(/表现好/);
    expect(() => greenChannel("表现好")).toThrow(
      /省市考核排位前三名、零信访无事故、突出贡献、国家级荣誉/,
    );
  });
});

describe("isTopRanked", () => {
  it("counts ranks up to ceil(unit count × 10 %) as top", () => {
    expect(isTopRanked(1, 10)).toBe(true);
    expect(isTopRanked(2, 10)).toBe(false);
    expect(isTopRanked(2, 11)).toBe(true);
    expect(isTopRanked(3, 11)).toBe(false);
    expect(isTopRanked(1, 5)).toBe(true);
    expect(isTopRanked(2, 5)).toBe(false);
    expect(isTopRanked(3, 30)).toBe(true);
    expect(isTopRanked(4, 30)).toBe(false);
    expect(isTopRanked(1, 1)).toBe(true);
  });

  it("rejects a rank outside 1..unitCount and a bad unit count", () => {
    expect(() => isTopRanked(0, 10)).toThrow(InputError);
    expect(() => isTopRanked(11, 10)).toThrow(/1 到 10/);
    expect(() => isTopRanked(1.5, 10)).toThrow(InputError);
    expect(() => isTopRanked(1, 0)).toThrow(InputError);
    expect(() => isTopRanked(1, 2.5)).toThrow(InputError);
  });
});

describe("excellentQuota", () => {
  it("is floor(headcount × 20 %) by default", () => {
    expect(DEFAULT_QUOTA_PARAMS).toEqual({
      basePercent: 20,
      topPercent: 25,
      topSharePercent: 10,
      rounding: "floor",
    });
    expect(excellentQuota(10, null, 20)).toBe(2);
    expect(excellentQuota(14, null, 20)).toBe(2);
    expect(excellentQuota(15, 5, 20)).toBe(3);
    expect(excellentQuota(4, null, 1)).toBe(0);
    expect(excellentQuota(0, null, 1)).toBe(0);
  });

  it("is floor(headcount × 25 %) for units in the top 10 %", () => {
    expect(excellentPercent(1, 20)).toBe(25);
    expect(excellentPercent(2, 20)).toBe(25);
    expect(excellentPercent(3, 20)).toBe(20);
    expect(excellentPercent(null, 20)).toBe(20);
    expect(excellentQuota(14, 1, 20)).toBe(3);
    expect(excellentQuota(14, 3, 20)).toBe(2);
    expect(excellentQuota(100, 2, 20)).toBe(25);
  });

  it("uses exact integer arithmetic for the percentages", () => {
    const p29: QuotaParams = {
      basePercent: 29,
      topPercent: 29,
      topSharePercent: 10,
      rounding: "floor",
    };
    expect(excellentQuota(100, null, 1, p29)).toBe(29); // 0.29 × 100 = 28.999… in floats
    const p57: QuotaParams = {
      basePercent: 57,
      topPercent: 57,
      topSharePercent: 10,
      rounding: "floor",
    };
    expect(excellentQuota(100, null, 1, p57)).toBe(57);
    const pHalf: QuotaParams = {
      basePercent: 22.5,
      topPercent: 30,
      topSharePercent: 10,
      rounding: "floor",
    };
    expect(excellentQuota(40, null, 1, pHalf)).toBe(9);
    expect(excellentQuota(39, null, 1, pHalf)).toBe(8); // 8.775
  });

  it("rounds per the parameter", () => {
    const round: QuotaParams = { ...DEFAULT_QUOTA_PARAMS, rounding: "round" };
    const ceil: QuotaParams = { ...DEFAULT_QUOTA_PARAMS, rounding: "ceil" };
    expect(excellentQuota(12, null, 10, round)).toBe(2); // 2.4
    expect(excellentQuota(13, null, 10, round)).toBe(3); // 2.6
    expect(excellentQuota(10, 1, 10, round)).toBe(3); // 2.5, half-up
    expect(excellentQuota(11, null, 10, ceil)).toBe(3); // 2.2
    expect(excellentQuota(10, null, 10, ceil)).toBe(2); // exactly 2
  });

  it("rejects bad headcounts, ranks and unit counts", () => {
    expect(() => excellentQuota(-1, null, 10)).toThrow(InputError);
    expect(() => excellentQuota(10.5, null, 10)).toThrow(InputError);
    expect(() => excellentQuota(10, 0, 10)).toThrow(InputError);
    expect(() => excellentQuota(10, 11, 10)).toThrow(InputError);
    expect(() => excellentQuota(10, 1, 0)).toThrow(InputError);
    expect(() => excellentQuota(Number.NaN, null, 10)).toThrow(InputError);
    const bad: QuotaParams = { ...DEFAULT_QUOTA_PARAMS, basePercent: 120 };
    expect(() => excellentQuota(10, null, 10, bad)).toThrow(InputError);
  });
});

describe("percentOfCount", () => {
  it("never suffers float floor errors", () => {
    expect(percentOfCount(100, 29, "floor")).toBe(29);
    expect(percentOfCount(100, 57, "floor")).toBe(57);
    expect(percentOfCount(1000, 0.1, "floor")).toBe(1);
    expect(percentOfCount(7, 10, "ceil")).toBe(1);
    expect(percentOfCount(7, 0, "ceil")).toBe(0);
    expect(percentOfCount(5, 10, "round")).toBe(1); // 0.5, half-up
  });
});

describe("rankByScore", () => {
  it("ranks highest first, ties share a rank and skip the next", () => {
    expect(rankByScore([90, 95, 95, 80])).toEqual([3, 1, 1, 4]);
    expect(rankByScore([100, 99, 99, 98])).toEqual([1, 2, 2, 4]);
    expect(rankByScore([88.5, null, 92, 88.5])).toEqual([2, null, 1, 2]);
    expect(rankByScore([])).toEqual([]);
  });

  it("rejects scores that are not numbers", () => {
    expect(() => rankByScore([90, Number.NaN])).toThrow(InputError);
  });
});

describe("greenChannel: who cannot be 优秀 (公务员考核规定第二十五、二十九条)", () => {
  it("puts 处分, 诫勉 and 试用期 before any green-channel condition", () => {
    expect(greenChannel("突出贡献")).toBe("优秀");
    expect(greenChannel("突出贡献", "警告")).toBe("不得确定为优秀（受警告处分）");
    expect(greenChannel("", "诫勉")).toBe("不得确定为优秀（诫勉）");
    expect(greenChannel("突出贡献", "记过")).toBe("不确定等次（受记过处分）");
    expect(greenChannel("", "记大过处分")).toBe("不确定等次（受记大过处分）");
    expect(greenChannel("国家级荣誉", "降级")).toBe("不确定等次（受降级处分）");
    expect(greenChannel("国家级荣誉", "撤职")).toBe("不确定等次（受撤职处分）");
    expect(greenChannel("突出贡献", "", true)).toBe("不确定等次（试用期）");
    expect(greenChannel("突出贡献", "警告", true)).toBe("不确定等次（试用期）");
    expect(greenChannel("", "", false)).toBe("");
    expect(() => greenChannel("", "罚款")).toThrow(/处分或诫勉“罚款”无法识别/);
  });
});
