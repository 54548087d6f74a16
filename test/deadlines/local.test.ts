import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSample } from "../../src/sample/sample";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { loadRows } from "../../src/workflows/setup";
import { memoryIO } from "../../src/local/io";
import { deadlinesCommand } from "../../src/local/commands/deadlines";
import { remindCommand } from "../../src/local/commands/remind";
import { emlText, smtpSettings } from "../../src/local/mail";

let dir: string;
let file: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-deadlines-"));
  file = path.join(dir, "台账.xlsx");
  const workbook = XlsxWorkbook.create();
  loadRows(workbook, buildSample());
  await workbook.save(file);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function reminderRows(): Promise<number> {
  const workbook = await XlsxWorkbook.open(file);
  return (workbook.readSheet("提醒") ?? []).length - 1;
}

describe("cadre-care deadlines", () => {
  it("prints JSON items with exactly the contract's keys", async () => {
    const io = memoryIO();
    expect(await deadlinesCommand(file, { date: "2027-04-01", json: true }, io)).toBe(0);
    const items = JSON.parse(io.lines.join("\n")) as Record<string, unknown>[];
    for (const item of items) {
      expect(Object.keys(item)).toEqual([
        "item",
        "year",
        "unit",
        "personId",
        "due",
        "status",
        "daysLeft",
      ]);
    }
    const plan = items.find(
      (i) => i.item === "leave-plan" && i.year === 2027 && i.unit === "县第一中学",
    );
    expect(plan).toEqual({
      item: "leave-plan",
      year: 2027,
      unit: "县第一中学",
      personId: null,
      due: "2027-03-31",
      status: "overdue",
      daysLeft: -1,
    });
    const statuses = items.map((i) => i.status);
    expect(statuses.indexOf("overdue")).toBe(0);
    const pay = items.filter((i) => i.item === "leave-pay" && i.year === 2026);
    expect(pay.length).toBeGreaterThan(0);
    for (const p of pay) expect(p).toMatchObject({ due: "2027-03-31", daysLeft: -1 });
  });

  it("prints a Chinese table grouped by unit, overdue first", async () => {
    const io = memoryIO();
    expect(await deadlinesCommand(file, { date: "2027-03-25" }, io)).toBe(0);
    expect(io.lines[0]).toBe("截至2027-03-25的期限事项（逾期在前，已完成的不列出）：");
    expect(io.lines.some((l) => l.startsWith("【县第一中学】"))).toBe(true);
    const firstRow = io.lines.findIndex((l) => l.startsWith("【"));
    expect(io.lines[firstRow + 2]).toMatch(/^ {2}已逾期/);
    expect(io.lines[io.lines.length - 1]).toMatch(
      /^合计：已逾期 \d+ 项，即将到期 \d+ 项，未到期 \d+ 项，已完成 \d+ 项。$/,
    );
  });
});

describe("cadre-care remind", () => {
  it("writes .eml files and 提醒 rows once; the second run on the same date writes nothing", async () => {
    const out = path.join(dir, "mail");
    const io = memoryIO(new Date("2027-03-01T09:00:00+08:00"));
    expect(await remindCommand(file, { date: "2027-03-01", out }, io)).toBe(0);
    const files = fs.readdirSync(out).sort();
    expect(files.length).toBeGreaterThan(2);
    const rows = await reminderRows();
    expect(rows).toBeGreaterThan(files.length - 1);
    const backups = fs.readdirSync(dir).filter((f) => f !== "台账.xlsx" && f.endsWith(".xlsx"));
    expect(backups.length).toBe(1);

    const again = memoryIO(new Date("2027-03-01T15:00:00+08:00"));
    expect(await remindCommand(file, { date: "2027-03-01", out }, again)).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(files);
    expect(await reminderRows()).toBe(rows);
    expect(again.lines.join("\n")).toContain("今天没有需要发送的提醒");

    const text = files.map((f) => fs.readFileSync(path.join(out, f), "utf8")).join("\n");
    expect(text).toContain("Content-Type: text/plain; charset=UTF-8");
    const bodies = files.map((f) => {
      const raw = fs.readFileSync(path.join(out, f), "utf8");
      return Buffer.from(raw.split("\r\n\r\n")[1].replace(/\r\n/g, ""), "base64").toString("utf8");
    });
    expect(
      bodies.some((b) => b.includes("2027年度年休假计划备案：截止2027年3月31日，还有30天截止")),
    ).toBe(true);
    for (const b of bodies) {
      expect(b).not.toMatch(/\d{17}[\dXx]/);
      expect(b).not.toMatch(/元|\d+\.\d{2}/);
    }
  });

  it("reads the SMTP settings and their bounded timeouts from 参数", () => {
    const settings = smtpSettings(
      new Map([
        ["SMTP服务器", "smtp.example.gov.cn"],
        ["SMTP用户", "zzb@example.gov.cn"],
        ["SMTP应答超时秒数", "20"],
      ]),
      {
        CADRE_SMTP_PASSWORD: "secret",
      },
    );
    expect(settings).toEqual({
      host: "smtp.example.gov.cn",
      port: 465,
      user: "zzb@example.gov.cn",
      password: "secret",
      from: "zzb@example.gov.cn",
      connectTimeoutMs: 5000,
      greetingTimeoutMs: 5000,
      replyTimeoutMs: 20000,
    });
    expect(smtpSettings(new Map([["SMTP服务器", ""]]), {})).toBeNull();
    expect(() =>
      smtpSettings(
        new Map([
          ["SMTP服务器", "x"],
          ["SMTP连接超时秒数", "永远"],
        ]),
        {},
      ),
    ).toThrow("参数“SMTP连接超时秒数”应为 1 到 600 之间的秒数，收到“永远”");
  });

  it("encodes Chinese subjects as RFC 2047 words", () => {
    const eml = emlText(
      { to: ["a@b.cn"], subject: "期限提醒", body: "正文" },
      "z@b.cn",
      new Date("2027-03-01T00:00:00Z"),
      "x@y",
    );
    expect(eml).toContain(`Subject: =?UTF-8?B?${Buffer.from("期限提醒").toString("base64")}?=`);
    expect(eml.split("\r\n\r\n")[1].trim()).toBe(Buffer.from("正文").toString("base64"));
  });
});
