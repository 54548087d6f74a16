/**
 * Circulated notices (通报表扬/通报批评) never carry personal data: no 身份证号, no wage, no
 * amount of money at all, no person's name, no health word. Every notice the publish workflow
 * writes from the sample — on several dates, and on a sample where every unit paid on time so
 * that the praise names many units — is scanned as readers see it (documentText).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { computeWorkbook } from "../../src/workflows/compute";
import { publishDocuments } from "../../src/workflows/publish";
import { documentText, type DocumentModel } from "../../src/documents/model";
import { buildSample, type SampleWorkbook } from "../../src/sample/sample";
import { type Day, dayFromYmd, instantFromDay } from "../../src/rules/dates";

interface Notice {
  label: string;
  text: string;
}

function notices(sample: SampleWorkbook, date: Day, year: number | null, label: string): Notice[] {
  const wb = XlsxWorkbook.create();
  loadRows(wb, sample);
  computeWorkbook(wb, date);
  const written: DocumentModel[] = [];
  publishDocuments(
    wb,
    { write: (doc, name) => (written.push(doc), name) },
    { date, now: new Date(), year },
  );
  return written
    .filter((d) => d.kind === "notice")
    .map((d) => ({ label: `${label} ${d.title.replace(/\n/g, "")}`, text: documentText(d) }));
}

/** The sample with every extra leave pay of 2025 paid on 1 March 2026 (on time). */
function punctualSample(): SampleWorkbook {
  const sample = buildSample();
  for (const row of sample.get("年休假")!) {
    if (row.年度 === 2025) row.实际支付日期 = instantFromDay(dayFromYmd(2026, 3, 1));
  }
  return sample;
}

const HEALTH_WORDS = [
  "诊断",
  "疾病",
  "病",
  "阳性",
  "异常",
  "血压",
  "血糖",
  "血脂",
  "结节",
  "肿瘤",
  "体检结果",
  "检查结果",
  "复查",
  "住院",
];

let all: Notice[] = [];
let sample: SampleWorkbook;

beforeAll(() => {
  sample = buildSample();
  all = [
    ...notices(sample, dayFromYmd(2026, 11, 26), null, "2026-11-26"),
    ...notices(sample, dayFromYmd(2027, 4, 15), null, "2027-04-15"),
    ...notices(sample, dayFromYmd(2026, 6, 1), 2025, "2026-06-01 --year 2025"),
    ...notices(punctualSample(), dayFromYmd(2026, 11, 26), 2025, "punctual"),
  ];
});

describe("the privacy of circulated notices", () => {
  it("scans both kinds, with many units named", () => {
    expect(all.some((n) => n.label.includes("通报表扬"))).toBe(true);
    expect(all.some((n) => n.label.includes("通报批评"))).toBe(true);
    const praise = all.find((n) => n.label.startsWith("punctual") && n.label.includes("通报表扬"))!;
    expect(praise.text.split("\n").filter((l) => /^\d+\t/.test(l)).length).toBeGreaterThan(3);
  });

  it("contains no 身份证号", () => {
    for (const n of all) {
      expect(n.text, n.label).not.toMatch(/\d{17}[\dXx]/);
      for (const p of sample.get("人员")!) expect(n.text).not.toContain(String(p.身份证号));
    }
  });

  it("contains no amount of money, no 元 and no wage figure of the sample", () => {
    const wages = new Set(sample.get("人员")!.map((p) => Number(p["上年度工资收入（元）"])));
    for (const n of all) {
      expect(n.text, n.label).not.toMatch(/元|¥|￥|工资|薪酬|薪金/);
      expect(n.text, n.label).not.toMatch(/\d+\.\d{2}|\d{1,3}(,\d{3})+/);
      // No number of five or more digits: every wage in the sample is one.
      expect(n.text, n.label).not.toMatch(/\d{5,}/);
      for (const w of wages) {
        expect(n.text).not.toContain(String(w));
        expect(n.text).not.toContain(w.toLocaleString("en-US"));
      }
    }
  });

  it("names no person, so no name stands next to an amount", () => {
    const names = new Set(sample.get("人员")!.map((p) => String(p.姓名)));
    const ids = sample.get("人员")!.map((p) => String(p.人员编号));
    for (const n of all) {
      for (const name of names) expect(n.text.includes(name), `${n.label}: ${name}`).toBe(false);
      for (const id of ids) expect(n.text).not.toContain(id);
    }
  });

  it("contains no health data", () => {
    for (const n of all) {
      for (const word of HEALTH_WORDS)
        expect(n.text.includes(word), `${n.label}: ${word}`).toBe(false);
    }
  });
});
