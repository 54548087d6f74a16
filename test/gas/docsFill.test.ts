/**
 * The Docs API requests that fill the sections of a Google Doc made from a template Doc
 * (src/gas/docsFill.ts), applied to a Doc indexed as the Docs API indexes it
 * (test/fakes/docsApi.ts): loop rows, sections, values by index inside each section's range,
 * the placeholder's own style, from the end of the document to its start.
 */
import { describe, expect, it } from "vitest";
import { chunks, fillRequests, type FillSection } from "../../src/gas/docsFill";
import type { TemplateData } from "../../src/documents/template";
import {
  DocsView,
  fromBlocks,
  paragraph,
  toBlocks,
  type FakeBlock,
  type FakeElement,
} from "../fakes/docsApi";

const template = (): FakeBlock[] => [
  { text: "{标题}" },
  { text: "共{单位数}个单位：" },
  {
    rows: [
      ["序号", "单位", "事项"],
      ["{#逾期清单}{序号}", "{单位}", "{事项}{/逾期清单}"],
      ["合计", "", "{单位数}"],
    ],
  },
  { text: "{#有绿色通道}" },
  { text: "绿色通道：" },
  { rows: [["姓名"], ["{#绿色通道}{姓名}{/绿色通道}"]] },
  { text: "{/有绿色通道}" },
  { text: "{署名}" },
];

const base = {
  标题: "关于2026年度年休假计划备案情况的通报",
  单位数: "3",
  署名: "县委组织部",
};

function filled(body: FakeElement[], sections: FillSection[]): FakeElement[] {
  const view = new DocsView(() => body);
  view.apply(fillRequests(view.content(), sections));
  return body;
}

const one = (data: TemplateData, blocks = template()): FakeBlock[] => {
  const body = fromBlocks(blocks);
  // A last paragraph after the section, as a Doc always ends with one.
  body.push(paragraph(""));
  return toBlocks(filled(body, [{ from: 0, to: blocks.length, data, template: "测试" }])).slice(
    0,
    -1,
  );
};

describe("fillRequests", () => {
  it("fills the loop rows in order, the sections and every value", () => {
    expect(
      one({
        ...base,
        逾期清单: [
          { 序号: "1", 单位: "县财政局", 事项: "年休假计划" },
          { 序号: "2", 单位: "县教育局", 事项: "体检方案" },
          { 序号: "3", 单位: "县卫健委", 事项: "奖金发放" },
        ],
        有绿色通道: true,
        绿色通道: [{ 姓名: "张三" }, { 姓名: "李四" }],
      }),
    ).toEqual([
      { text: "关于2026年度年休假计划备案情况的通报" },
      { text: "共3个单位：" },
      {
        rows: [
          ["序号", "单位", "事项"],
          ["1", "县财政局", "年休假计划"],
          ["2", "县教育局", "体检方案"],
          ["3", "县卫健委", "奖金发放"],
          ["合计", "", "3"],
        ],
      },
      { text: "绿色通道：" },
      { rows: [["姓名"], ["张三"], ["李四"]] },
      { text: "县委组织部" },
    ]);
  });

  it("fills a loop of one record in place, and deletes a loop row without records and a false section", () => {
    expect(
      one({
        ...base,
        逾期清单: [{ 序号: "1", 单位: "县财政局", 事项: "年休假计划" }],
        有绿色通道: false,
        绿色通道: [],
      }),
    ).toEqual([
      { text: "关于2026年度年休假计划备案情况的通报" },
      { text: "共3个单位：" },
      {
        rows: [
          ["序号", "单位", "事项"],
          ["1", "县财政局", "年休假计划"],
          ["合计", "", "3"],
        ],
      },
      { text: "县委组织部" },
    ]);
    const none = one({ ...base, 逾期清单: [], 有绿色通道: false, 绿色通道: [] });
    expect(none[2]).toEqual({
      rows: [
        ["序号", "单位", "事项"],
        ["合计", "", "3"],
      ],
    });
    expect(none).toHaveLength(4);
  });

  it("fills each section of a combined Doc with its own data, by index inside its range", () => {
    const blocks = template();
    const body = [
      ...fromBlocks(blocks),
      { ...paragraph(""), pageBreak: true },
      ...fromBlocks(blocks),
      paragraph(""),
    ];
    const data = (unit: string, green: boolean): TemplateData => ({
      ...base,
      署名: unit,
      逾期清单: [{ 序号: "1", 单位: unit, 事项: "体检" }],
      有绿色通道: green,
      绿色通道: green ? [{ 姓名: `${unit}干部` }] : [],
    });
    const n = blocks.length;
    const out = toBlocks(
      filled(body, [
        { from: 0, to: n, data: data("县财政局", true), template: "测试" },
        { from: n + 1, to: 2 * n + 1, data: data("县教育局", false), template: "测试" },
      ]),
    );
    const texts = out.map((b) => ("text" in b ? b.text : b.rows.map((r) => r.join("|")).join("/")));
    expect(texts).toEqual([
      "关于2026年度年休假计划备案情况的通报",
      "共3个单位：",
      "序号|单位|事项/1|县财政局|体检/合计||3",
      "绿色通道：",
      "姓名/县财政局干部",
      "县财政局",
      "",
      "关于2026年度年休假计划备案情况的通报",
      "共3个单位：",
      "序号|单位|事项/1|县教育局|体检/合计||3",
      "县教育局",
      "",
    ]);
    expect((body[6] as { pageBreak?: boolean }).pageBreak).toBe(true);
  });

  it("keeps the placeholder's own text style, in the text and in every inserted loop row", () => {
    const bold = { bold: true, foregroundColor: "#FF0000" };
    const body: FakeElement[] = [
      {
        type: "paragraph",
        attributes: {},
        runs: [
          { text: "截至", style: {} },
          { text: "{检查日期}", style: bold },
          { text: "，共{单位数}个单位。", style: { italic: true } },
        ],
      },
      {
        type: "table",
        rows: [
          [
            {
              paragraphs: [
                {
                  type: "paragraph",
                  attributes: {},
                  runs: [{ text: "{#人员}{姓名}{/人员}", style: bold }],
                },
              ],
            },
          ],
        ],
      },
      paragraph(""),
    ];
    filled(body, [
      {
        from: 0,
        to: 2,
        data: {
          检查日期: "2026年12月1日",
          单位数: "10",
          人员: [{ 姓名: "张三" }, { 姓名: "李四" }],
        },
        template: "测试",
      },
    ]);
    expect((body[0] as { runs: unknown }).runs).toEqual([
      { text: "截至", style: {} },
      { text: "2026年12月1日", style: bold },
      { text: "，共10个单位。", style: { italic: true } },
    ]);
    const rows = (body[1] as { rows: { paragraphs: { runs: unknown }[] }[][] }).rows;
    expect(rows.map((r) => r[0].paragraphs[0].runs)).toEqual([
      [{ text: "张三", style: bold }],
      [{ text: "李四", style: bold }],
    ]);
  });

  it("turns a line break of a value into a line break inside the paragraph", () => {
    const [title] = one({
      ...base,
      标题: "关于2026年度\n情况的通报",
      逾期清单: [],
      有绿色通道: false,
      绿色通道: [],
    });
    expect(title).toEqual({ text: "关于2026年度\u000b情况的通报" });
  });

  it("says which placeholder has no data and where", () => {
    expect(() =>
      one({ ...base, 逾期清单: [], 有绿色通道: false, 绿色通道: [], 署名: true }),
    ).toThrow("文档模板“测试”：缺少占位符{署名}的数据");
  });

  it("sends the index edits from the end of the document to its start; chunks give the same Doc", () => {
    const body = [...fromBlocks(template()), paragraph("")];
    const view = new DocsView(() => body);
    const data: TemplateData = {
      ...base,
      逾期清单: [
        { 序号: "1", 单位: "甲", 事项: "乙" },
        { 序号: "2", 单位: "丙", 事项: "丁" },
      ],
      有绿色通道: true,
      绿色通道: [{ 姓名: "戊" }],
    };
    const requests = fillRequests(view.content(), [{ from: 0, to: 8, data, template: "测试" }]);
    // The first index each request touches, edits of one placeholder or row kept together.
    const at = requests.map((r) => {
      const b = Object.values(r)[0] as Record<string, any>;
      return (
        b.location?.index ?? b.range?.startIndex ?? b.tableCellLocation.tableStartLocation.index
      );
    });
    expect(requests.some((r) => "replaceAllText" in r)).toBe(false);
    expect(at[0]).toBeGreaterThan(at[at.length - 1]);
    const whole = structuredClone(body);
    new DocsView(() => whole).apply(requests);
    const split = structuredClone(body);
    const batches = chunks(requests, 3);
    expect(batches).toHaveLength(Math.ceil(requests.length / 3));
    for (const b of batches) new DocsView(() => split).apply(b);
    expect(split).toEqual(whole);
    const texts = toBlocks(whole).flatMap((b) => ("text" in b ? [b.text] : b.rows.flat()));
    expect(texts.join("")).not.toContain("{");
  });
});
