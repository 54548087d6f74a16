/**
 * remind over SMTP against a real server on 127.0.0.1 that misbehaves. Before the outbox, a
 * connection dropped after DATA but before the 250 was counted as failed and sent again, a
 * hanging server cost 30 s a mail and kept the process alive, and when every mail failed the
 * summary still said 发送提醒邮件 13 封 with exit code 0.
 *
 * The timeouts: each of SMTP连接超时秒数 / SMTP问候超时秒数 / SMTP应答超时秒数 is checked twice.
 * Structurally: the options the SMTPConnection is built with carry exactly the 参数 values
 * (OpenSmtpConnection, the seam that builds it). And by behaviour: the one timeout under test is
 * 1 s and the other two 60 s (nodemailer's socket timeout also runs during the greeting, so with
 * every timeout at 1 s the greeting test could not tell greetingTimeout was missing), and the
 * run must end on its own within a budget. Without the option, nodemailer waits its default:
 * connect 2 min and reply 10 min, past RUN_BUDGET_MS, so the child is killed and the test
 * fails; greeting 30 s, past the in-process GREETING_BUDGET_MS. No elapsed time is asserted;
 * a budget only turns a hang into a failure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import {
  cli,
  cliWithin,
  reminderLog,
  smtpWorkbook,
  tempDir,
  type SmtpTimeouts,
} from "../faults/helpers";
import { blackholePort, startSmtpServer, type TestSmtpServer } from "../faults/smtpServer";
import { SmtpOutbox, smtpConnectionOptions, smtpSettings } from "../../src/local/mail";
import { remindCommand } from "../../src/local/commands/remind";
import { memoryIO, parseDateOption } from "../../src/local/io";

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

/** The sample with 参数 pointing at the test server; timeouts of 1 s unless given. */
async function workbookFor(name: string, port: number, timeouts?: SmtpTimeouts): Promise<string> {
  const file = path.join(dir, `${name}.xlsx`);
  await smtpWorkbook(file, port, timeouts);
  return file;
}

/**
 * A budget for one remind run (a child process) against a hanging server: far above what a run
 * takes here under load with a 1 s timeout (4–20 s seen, at a load average up to 12 on 2
 * cores), far below nodemailer's defaults for the connect (2 min) and a reply (10 min), and a
 * socket left open never ends at all. nodemailer's greeting default (30 s) is too close to a
 * loaded run for a child-process budget: the greeting timeout is tested in-process instead
 * (GREETING_BUDGET_MS), where a run is a second. The vitest budgets are sized so that a run
 * killed at the budget reports through the assertion (overBudget), not a vitest timeout.
 */
const RUN_BUDGET_MS = 60_000;
const TEST_BUDGET_MS = 150_000;
/** vitest's budget for one in-process send with a 1 s greeting timeout: well below 30 s. */
const GREETING_BUDGET_MS = 10_000;
const STILL_RUNNING =
  "remind still running at the budget: a 参数 timeout not applied, or its socket left open";
/** remind against a hanging server: it ends on its own within the budget, exit 1, said why. */
async function boundedRemind(file: string, code = 1): Promise<string> {
  const r = await cliWithin(["remind", file, "--date", DAY], RUN_BUDGET_MS);
  expect(r.overBudget, STILL_RUNNING).toBe(false);
  expect(r.code, r.stdout + r.stderr).toBe(code);
  if (code === 1) expect(r.stdout).toContain("邮件服务器在限定时间内没有应答");
  return r.stdout;
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

describe("SMTP timeouts from 参数, and the socket closed at the end of the run", () => {
  it("the connection is built with exactly the 参数 timeouts (connect 3 s, greeting 4 s, reply 7 s)", async () => {
    server = await startSmtpServer();
    const file = await workbookFor("options", server.port, { connect: 3, greeting: 4, reply: 7 });
    const seen: SMTPConnection.Options[] = [];
    const io = memoryIO(parseDateOption(DAY) ?? undefined);
    const code = await remindCommand(
      file,
      { date: DAY },
      io,
      (s) =>
        new SmtpOutbox(
          s,
          () => io.now(),
          (options) => {
            seen.push(options);
            return new SMTPConnection(options);
          },
        ),
    );
    expect(code, io.errors.join("\n")).toBe(0);
    expect(server.received.length).toBe(13);
    // One connection for the run, with the 参数 values in milliseconds, each in its own option.
    expect(seen).toEqual([
      {
        host: "127.0.0.1",
        port: server.port,
        secure: false,
        connectionTimeout: 3000,
        greetingTimeout: 4000,
        socketTimeout: 7000,
      },
    ]);
    // Blank 参数: the documented defaults (5 s, 5 s, 10 s), never nodemailer's minutes.
    const defaults = smtpSettings(new Map([["SMTP服务器", "smtp.example.gov.cn"]]), {});
    expect(defaults && smtpConnectionOptions(defaults)).toMatchObject({
      port: 465,
      secure: true,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10_000,
    });
  }, 60_000);

  it(
    "a connect that never completes (SYN dropped): 发送失败 after SMTP连接超时秒数, the process exits",
    async () => {
      // A server that accepts TCP cannot test this (the connect completes at once); a port whose
      // accept queue is full drops the SYN, as a firewalled host does.
      const hole = await blackholePort();
      try {
        const file = await workbookFor("connect", hole.port, {
          connect: 1,
          greeting: 60,
          reply: 60,
        });
        expect(await boundedRemind(file)).toContain("发送提醒邮件 0 封");
        expect([...(await statuses(file)).keys()].sort()).toEqual(["发送失败", "待发送"]);
      } finally {
        await hole.close();
      }
    },
    TEST_BUDGET_MS,
  );

  it(
    "a server that never greets (no 220): SmtpOutbox gives up after SMTP问候超时秒数 (in-process, within 10 s)",
    async () => {
      server = await startSmtpServer({ greeting: "hang" });
      const settings = smtpSettings(
        new Map([
          ["SMTP服务器", "127.0.0.1"],
          ["SMTP端口", String(server.port)],
          ["SMTP连接超时秒数", "60"],
          ["SMTP问候超时秒数", "1"],
          ["SMTP应答超时秒数", "60"],
        ]),
        {},
      );
      expect(settings).not.toBeNull();
      const outbox = new SmtpOutbox(settings!, () => new Date());
      const mail = { to: ["a@example.gov.cn"], subject: "测试", body: "正文" };
      const outcome = await outbox.send({
        n: 1,
        mail,
        recipient: "测试单位",
        summary: false,
        carried: [],
      });
      await outbox.close();
      // Without greetingTimeout nodemailer waits 30 s (or the 60 s socket timeout): the budget ends first.
      expect(outcome).toMatchObject({ state: "failed", stop: true });
      expect(outcome.state === "failed" && outcome.reason).toContain(
        "邮件服务器在限定时间内没有应答",
      );
      expect(server.received.length).toBe(0);
    },
    GREETING_BUDGET_MS,
  );

  it(
    "a server that never greets (no 220): remind stops, the process exits, nothing lost",
    async () => {
      server = await startSmtpServer({ greeting: "hang" });
      const file = await workbookFor("greeting", server.port, {
        connect: 60,
        greeting: 1,
        reply: 60,
      });
      expect(await boundedRemind(file)).toContain("发送提醒邮件 0 封");
      expect(server.received.length).toBe(0);
      server.behaviour.greeting = "ok";
      expect((await remind(file)).code).toBe(0);
      expect(server.received.length).toBe(13);
      expect(receivedCounts(server).every((n) => n === 1)).toBe(true);
    },
    TEST_BUDGET_MS,
  );

  it(
    "a server that stops answering after the DATA of the 1st mail: 待确认 after SMTP应答超时秒数, not resent",
    async () => {
      server = await startSmtpServer({ afterData: (n) => (n === 1 ? "hang" : "ok") });
      const file = await workbookFor("reply", server.port, { connect: 60, greeting: 60, reply: 1 });
      expect(await boundedRemind(file)).toContain("待确认 1 封");
      expect((await statuses(file)).get("待确认")).toBeGreaterThan(0);
      const again = await remind(file);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain("发送提醒邮件 12 封");
      // 13 different mails arrived, each once: the 待确认 one was not sent again.
      expect(server.received.length).toBe(13);
      expect(receivedCounts(server).every((n) => n === 1)).toBe(true);
    },
    TEST_BUDGET_MS,
  );

  it(
    "a server that never answers QUIT nor closes: the run closes its socket and the process exits",
    async () => {
      // Every timeout long (600 s): only closing the socket at the end lets the process exit.
      server = await startSmtpServer({ quit: "hang" });
      const file = await workbookFor("quit", server.port, {
        connect: 600,
        greeting: 600,
        reply: 600,
      });
      expect(await boundedRemind(file, 0)).toContain("发送提醒邮件 13 封");
      expect(server.received.length).toBe(13);
    },
    TEST_BUDGET_MS,
  );
});
