/**
 * remind over SMTP against a real server on 127.0.0.1 that misbehaves. Before the outbox, a
 * connection dropped after DATA but before the 250 was counted as failed and sent again, a
 * hanging server cost 30 s a mail and kept the process alive, and when every mail failed the
 * summary still said 发送提醒邮件 13 封 with exit code 0.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import { cli, reminderLog, smtpWorkbook, tempDir } from "../faults/helpers";
import { startSmtpServer, type TestSmtpServer } from "../faults/smtpServer";

const DAY = "2027-03-01";
let dir: string;
let server: TestSmtpServer | null = null;

beforeAll(() => {
  build();
  dir = tempDir("smtp");
});
afterEach(async () => {
  await server?.close();
  server = null;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The sample with 参数 pointing at the test server; timeouts of 1 s. */
async function workbookFor(name: string, port: number): Promise<string> {
  const file = path.join(dir, `${name}.xlsx`);
  await smtpWorkbook(file, port);
  return file;
}

const remind = (file: string) => cli(["remind", file, "--date", DAY]);

async function statuses(file: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const r of await reminderLog(file)) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return counts;
}

/** Subjects received, each with how many times. */
function receivedCounts(s: TestSmtpServer): number[] {
  const counts = new Map<string, number>();
  for (const m of s.received) {
    const subject = /^Subject: (.*)$/m.exec(m.data)?.[1] ?? "";
    counts.set(subject + m.to.join(), (counts.get(subject + m.to.join()) ?? 0) + 1);
  }
  return [...counts.values()];
}

describe("remind over SMTP", () => {
  it("a healthy server: 13 mails once, 已发送, exit 0, the connection closed", async () => {
    server = await startSmtpServer();
    const file = await workbookFor("ok", server.port);
    const r = await remind(file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("发送提醒邮件 13 封（单位 11 封，汇总 2 封）");
    expect(server.received.length).toBe(13);
    expect(server.open()).toBe(0);
    expect([...(await statuses(file)).keys()]).toEqual(["已发送"]);
    expect((await remind(file)).stdout).toContain("今天没有需要发送的提醒");
    expect(server.received.length).toBe(13);
  }, 60_000);

  it("drops before the 250 of the 5th mail: that one is 待确认 and never resent; the rest go next run", async () => {
    server = await startSmtpServer({ afterData: (n) => (n === 5 ? "drop" : "ok") });
    const file = await workbookFor("drop-data", server.port);
    const first = await remind(file);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("发送提醒邮件 4 封");
    expect(first.stdout).toContain(
      "待确认 1 封（已交给邮件服务器但未获确认，可能已送达，不会自动重发",
    );
    expect(first.stdout).toContain("待发送 8 封");
    expect(server.received.length).toBe(5);
    const s1 = await statuses(file);
    expect(s1.get("待确认")).toBeGreaterThan(0);

    const second = await remind(file);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain("发送提醒邮件 8 封");
    // 13 different mails arrived, each once: the 待确认 one was not sent again.
    expect(server.received.length).toBe(13);
    expect(receivedCounts(server).every((n) => n === 1)).toBe(true);
    const s2 = await statuses(file);
    expect(s2.get("待发送") ?? 0).toBe(0);
    expect(s2.get("待确认")).toBe(s1.get("待确认"));
  }, 60_000);

  it("drops the connection at the greeting: nothing sent, exit 1, said so", async () => {
    server = await startSmtpServer({ greeting: "drop" });
    const file = await workbookFor("drop-greeting", server.port);
    const r = await remind(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("发送提醒邮件 0 封");
    expect(r.stdout).toContain("与邮件服务器的连接中断");
    expect(r.stdout).not.toContain("发送提醒邮件 13 封");
    expect([...(await statuses(file)).keys()].sort()).toEqual(["发送失败", "待发送"]);
    server.behaviour.greeting = "ok";
    const again = await remind(file);
    expect(again.code).toBe(0);
    expect(server.received.length).toBe(13);
  }, 60_000);

  it("hangs at the greeting: bounded by the 参数 timeout, the process exits, nothing lost", async () => {
    server = await startSmtpServer({ greeting: "hang" });
    const file = await workbookFor("hang-greeting", server.port);
    const r = await remind(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("邮件服务器在限定时间内没有应答");
    expect(server.open()).toBe(0);
    server.behaviour.greeting = "ok";
    expect((await remind(file)).code).toBe(0);
    expect(server.received.length).toBe(13);
  }, 60_000);

  it("hangs after the DATA of the 1st mail: 待确认, the socket closed, the rest next run", async () => {
    server = await startSmtpServer({ afterData: (n) => (n === 1 ? "hang" : "ok") });
    const file = await workbookFor("hang-data", server.port);
    const r = await remind(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("待确认 1 封");
    expect(r.stdout).toContain("邮件服务器在限定时间内没有应答");
    expect(server.open()).toBe(0);
    expect((await remind(file)).code).toBe(0);
    expect(server.received.length).toBe(13);
    expect(receivedCounts(server).every((n) => n === 1)).toBe(true);
  }, 60_000);

  it("refuses one recipient: that mail 发送失败 with the server's answer, the others sent; sent next run", async () => {
    let refusing = true;
    server = await startSmtpServer({
      refuse: (a) => refusing && a.startsWith("rsj@"),
    });
    const file = await workbookFor("refuse", server.port);
    const r = await remind(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("发送失败 1 封（下次运行时重试）");
    expect(r.stdout).toContain("550 5.1.1 no such user");
    expect(server.received.length).toBe(12);
    refusing = false;
    const again = await remind(file);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("发送提醒邮件 1 封");
    expect(server.received.length).toBe(13);
  }, 60_000);
});
