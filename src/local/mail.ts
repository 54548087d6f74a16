/**
 * Local mailers. The Mailer port is synchronous (as MailApp is): the .eml writer writes each
 * file as it is sent; the SMTP mailer queues mails and `deliver()` sends them after the
 * workbook with the 提醒 log has been saved (log, then send — as in Apps Script).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import nodemailer from "nodemailer";
import type { Mail, Mailer } from "../workflows/ports";

/** Environment variable holding the SMTP password (never stored in the workbook). */
export const SMTP_PASSWORD_ENV = "CADRE_SMTP_PASSWORD";
export const DEFAULT_FROM = "cadre-care@localhost";
const SENDER_NAME = "干部关怀激励台账";

function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text)
    ? text
    : `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}

function wrap76(text: string): string {
  return text.replace(/.{1,76}/g, (chunk) => chunk + "\r\n").trimEnd();
}

/** An RFC 5322 message: UTF-8, base64 body, encoded-word subject and sender name. */
export function emlText(mail: Mail, from: string, date: Date, messageId: string): string {
  const headers = [
    `From: ${encodeWord(SENDER_NAME)} <${from}>`,
    `To: ${mail.to.join(", ")}`,
    `Subject: ${encodeWord(mail.subject)}`,
    `Date: ${date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${messageId}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
  ];
  const body = wrap76(Buffer.from(mail.body.replace(/\r?\n/g, "\r\n"), "utf8").toString("base64"));
  return headers.join("\r\n") + "\r\n\r\n" + body + "\r\n";
}

function safeName(text: string): string {
  return text.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 60);
}

/** Writes each mail as an .eml file into a folder; no quota. */
export class EmlMailer implements Mailer {
  readonly files: string[] = [];
  constructor(
    private readonly dir: string,
    private readonly options: { from?: string; date: Date; prefix: string },
  ) {}
  remainingQuota(): number {
    return Number.MAX_SAFE_INTEGER;
  }
  send(mail: Mail): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const stem = `${this.options.prefix}-${String(this.files.length + 1).padStart(3, "0")}-${safeName(mail.subject.replace(/^【[^】]*】/, "").split("：")[0])}`;
    let file = path.join(this.dir, `${stem}.eml`);
    for (let n = 2; fs.existsSync(file); n++) file = path.join(this.dir, `${stem}-${n}.eml`);
    const id = `${path.basename(file, ".eml")}.${this.options.date.getTime()}@cadre-care`;
    fs.writeFileSync(
      file,
      emlText(mail, this.options.from || DEFAULT_FROM, this.options.date, encodeURIComponent(id)),
      "utf8",
    );
    this.files.push(file);
  }
}

export interface SmtpSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  from: string;
}

/** SMTP settings from 参数 (SMTP服务器, SMTP端口, SMTP用户, 发件人) and the password from the environment; null without a server. */
export function smtpSettings(
  values: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): SmtpSettings | null {
  const host = (values.get("SMTP服务器") ?? "").trim();
  if (!host) return null;
  const portText = (values.get("SMTP端口") ?? "").trim();
  const port = portText === "" ? 465 : Number(portText);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`参数“SMTP端口”应为 1 到 65535 的整数，收到“${portText}”`);
  }
  const user = (values.get("SMTP用户") ?? "").trim();
  return {
    host,
    port,
    user,
    password: env[SMTP_PASSWORD_ENV] ?? "",
    from: (values.get("发件人") ?? "").trim() || user || DEFAULT_FROM,
  };
}

/** Minimal transport shape (nodemailer's, or a test double). */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export function createSmtpTransport(settings: SmtpSettings): MailTransport {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.port === 465,
    auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
  });
}

/** Queues mails during the run; `deliver()` sends them over SMTP afterwards. */
export class SmtpMailer implements Mailer {
  readonly queue: Mail[] = [];
  constructor(
    private readonly transport: MailTransport,
    private readonly from: string,
  ) {}
  remainingQuota(): number {
    return Number.MAX_SAFE_INTEGER;
  }
  send(mail: Mail): void {
    this.queue.push(mail);
  }
  /** Send the queue in order; returns the indexes that failed with their messages. */
  async deliver(): Promise<{ index: number; error: string }[]> {
    const failed: { index: number; error: string }[] = [];
    for (let i = 0; i < this.queue.length; i++) {
      const mail = this.queue[i];
      try {
        await this.transport.sendMail({
          from: `"${SENDER_NAME}" <${this.from}>`,
          to: mail.to.join(", "),
          subject: mail.subject,
          text: mail.body,
        });
      } catch (err) {
        failed.push({ index: i, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return failed;
  }
}
