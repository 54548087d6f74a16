/**
 * Two hand-built document models, as the builders will produce them: a filing (年休假执行及
 * 未休报酬情况备案表 of one unit) and a circulated notice (通报批评 naming three units).
 */
import type { DocumentModel } from "../../src/documents/model";
import { headingLabel } from "../../src/documents/numbering";
import { dayFromYmd } from "../../src/rules/dates";
import { LEAVE_USE_HEADER } from "../../src/documents/builders/leaveUse";

export function sampleFiling(): DocumentModel {
  const people: [string, number, number, number, string, string, string, string][] = [
    ["张建国", 15, 9, 6, "412.64", "7427.52", "4951.68", "2028-03-20"],
    ["李秀英", 10, 10, 0, "356.32", "0.00", "0.00", ""],
    ["王志强", 5, 2, 3, "298.85", "2689.65", "1793.10", ""],
    ["赵丽华", 15, 15, 0, "437.93", "0.00", "0.00", ""],
    ["刘德明", 10, 6, 4, "371.65", "4459.80", "2973.20", "2028-03-28"],
  ];
  return {
    kind: "filing",
    issuer: null,
    number: null,
    title: "魏县财政局2027年度年休假执行及未休报酬情况备案表",
    blocks: [
      {
        kind: "paragraph",
        text: "填报单位（盖章）：魏县财政局\t填报日期：2028年3月31日",
        indent: false,
      },
      {
        kind: "table",
        header: LEAVE_USE_HEADER,
        columnWidths: [0.8, 1.1, 0.8, 0.8, 0.8, 1.2, 1.4, 1.4, 1.4],
        rows: people.map((p, i) => [
          String(i + 1),
          p[0],
          String(p[1]),
          String(p[2]),
          String(p[3]),
          p[4],
          p[5],
          p[6],
          p[7],
        ]),
        totalRow: ["合计", "", "55", "42", "13", "", "14577.00", "9718.00", ""],
      },
      {
        kind: "paragraph",
        text: "说明：未休年休假报酬按日工资收入的300%支付（含正常工资收入），其中另行支付部分于次年3月底前一次性发放。",
        indent: false,
      },
      {
        kind: "paragraph",
        text: "单位负责人（签字）：　　　　　　填表人：\t联系电话：　　　　　　",
        indent: false,
      },
    ],
    attachments: [],
    signature: "魏县财政局",
    date: dayFromYmd(2028, 3, 31),
    copyTo: [],
    printedBy: null,
    printedOn: null,
  };
}

export function sampleNotice(): DocumentModel {
  return {
    kind: "notice",
    issuer: "中共魏县县委组织部",
    number: "魏组〔2027〕3号",
    title: "关于对干部关怀激励措施落实不到位\n单位的通报批评",
    recipients: "各乡镇党委，县委各部委，县直各单位党组（党委）：",
    blocks: [
      {
        kind: "paragraph",
        text: "为贯彻落实《关于进一步激励广大干部新时代新担当新作为的若干措施》（魏字〔2021〕30号）精神，县委组织部对各单位年休假计划备案、未休年休假报酬发放、干部健康体检等事项落实情况进行了督导检查。截至2027年4月15日，仍有3个单位相关事项逾期未完成，现予以通报批评。",
      },
      { kind: "heading", level: 1, text: `${headingLabel(1, 1)}逾期未完成事项` },
      {
        kind: "table",
        header: ["序号", "单位", "逾期事项", "截止日期", "逾期天数"],
        columnWidths: [0.7, 2.2, 3, 1.9, 1.1],
        rows: [
          ["1", "魏县财政局", "2027年度年休假计划备案", "2027年3月31日", "15"],
          ["2", "魏县交通运输局", "2026年度未休年休假另行支付报酬发放", "2027年3月31日", "15"],
          ["3", "魏县棘针寨镇人民政府", "2026年度干部健康体检情况备案", "2027年2月28日", "46"],
        ],
      },
      { kind: "heading", level: 1, text: `${headingLabel(1, 2)}有关要求` },
      {
        kind: "heading",
        level: 2,
        text: `${headingLabel(2, 1)}限期整改。`,
      },
      {
        kind: "paragraph",
        text: "被通报单位要认真查找原因，于2027年4月30日前完成整改，并将整改情况书面报县委组织部。",
      },
      { kind: "heading", level: 2, text: `${headingLabel(2, 2)}压实责任。` },
      {
        kind: "paragraph",
        text: "各单位主要负责人要切实履行第一责任人职责，把干部关怀激励各项措施落到实处，对弄虚作假的，将严肃追究相关人员责任。",
      },
    ],
    attachments: ["逾期事项明细表", "整改情况报告模板"],
    signature: "中共魏县县委组织部",
    date: dayFromYmd(2027, 4, 15),
    copyTo: ["县委办公室", "县人力资源和社会保障局"],
    printedBy: "中共魏县县委组织部办公室",
    printedOn: dayFromYmd(2027, 4, 15),
  };
}
