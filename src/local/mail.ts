/**
 * Local mailers. `EmlMailer` is the synchronous Mailer port (as MailApp is) that `npm start`
 * uses. `remind` sends through an OutboxSender, one mail at a time, its state recorded before
 * and after each send (workflows/remind.ts): `EmlOutbox` writes each .eml through a temporary
 * name and a rename (after a kill the file exists or not: never half), `SmtpOutbox` sends over
 * one SMTP connection with bounded timeouts and tells a refused mail (failed, sent again next
 * run) from one whose DATA was transmitted but whose reply never came (待确认, never resent).
 */
import * as fs from "node:fs";
import type { Socket } from "node:net";
import * as path from "node:path";
import { Readable } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import type { Mail, Mailer } from "../workflows/ports";
import type { InFlightVerdict, OutboxMail, SendOutcome } from "../workflows/remind";
import { isWriteError, writeErrorMessage, writeFileAtomic } from "./files";

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
  /** Milliseconds: TCP connect, the server's greeting, and each reply (socket idle). */
  connectTimeoutMs: number;
  greetingTimeoutMs: number;
  replyTimeoutMs: number;
}

/** 参数 keys of the SMTP timeouts (seconds) and their defaults. */
export const SMTP_TIMEOUT_KEYS = {
  connect: ["SMTP连接超时秒数", 5],
  greeting: ["SMTP问候超时秒数", 5],
  reply: ["SMTP应答超时秒数", 10],
} as const;

function seconds(
  values: ReadonlyMap<string, string>,
  [key, fallback]: readonly [string, number],
): number {
  const text = (values.get(key) ?? "").trim();
  if (text === "") return fallback * 1000;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 600) {
    throw new Error(`参数“${key}”应为 1 到 600 之间的秒数，收到“${text}”`);
  }
  return Math.round(n * 1000);
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
    connectTimeoutMs: seconds(values, SMTP_TIMEOUT_KEYS.connect),
    greetingTimeoutMs: seconds(values, SMTP_TIMEOUT_KEYS.greeting),
    replyTimeoutMs: seconds(values, SMTP_TIMEOUT_KEYS.reply),
  };
}

/** How `remind` hands each mail of its outbox over. */
export interface OutboxSender {
  /** What to record before the send, to resolve it after a kill (the .eml's path), or null. */
  reference(mail: OutboxMail): string | null;
  send(mail: OutboxMail, reference: string | null): Promise<SendOutcome>;
  /** After a kill during a send: did the mail with this reference go out? */
  verdict(reference: string | null): InFlightVerdict;
  /** Release what the sender holds (the SMTP connection), so the process can exit. */
  close(): Promise<void>;
}

function emlStem(prefix: string, n: number, mail: Mail): string {
  return `${prefix}-${String(n).padStart(3, "0")}-${safeName(mail.subject.replace(/^【[^】]*】/, "").split("：")[0])}`;
}

/** Each mail as an .eml file, written through a temporary name and renamed. */
export class EmlOutbox implements OutboxSender {
  readonly files: string[] = [];
  private readonly taken = new Set<string>();
  constructor(
    private readonly dir: string,
    private readonly options: { from?: string; date: Date; prefix: string },
  ) {}
  reference(mail: OutboxMail): string {
    const stem = emlStem(this.options.prefix, mail.n, mail.mail);
    let file = path.resolve(this.dir, `${stem}.eml`);
    for (let k = 2; fs.existsSync(file) || this.taken.has(file); k++)
      file = path.resolve(this.dir, `${stem}-${k}.eml`);
    this.taken.add(file);
    return file;
  }
  async send(mail: OutboxMail, reference: string | null): Promise<SendOutcome> {
    const file = reference ?? this.reference(mail);
    const id = `${path.basename(file, ".eml")}.${this.options.date.getTime()}@cadre-care`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      await writeFileAtomic(
        file,
        Buffer.from(
          emlText(
            mail.mail,
            this.options.from || DEFAULT_FROM,
            this.options.date,
            encodeURIComponent(id),
          ),
          "utf8",
        ),
      );
    } catch (err) {
      if (isWriteError(err))
        return { state: "failed", reason: writeErrorMessage(err, file), stop: true };
      throw err;
    }
    this.files.push(file);
    return { state: "sent" };
  }
  verdict(reference: string | null): InFlightVerdict {
    if (!reference) return "unknown";
    return fs.existsSync(reference) ? "sent" : "unsent";
  }
  async close(): Promise<void> {}
}

/** Errors with which the server answered (the mail was refused, nothing was delivered). */
const REFUSED = new Set(["EENVELOPE", "EMESSAGE"]);

function smtpReason(
  err: Error & { code?: string; response?: string; responseCode?: number },
): string {
  const response = err.response ? `服务器答复：${err.response}` : "";
  switch (err.code) {
    case "ETIMEDOUT":
      return `邮件服务器在限定时间内没有应答${response ? "，" + response : ""}`;
    case "ECONNECTION":
    case "ESOCKET":
      return /ECONNREFUSED/.test(err.message)
        ? "无法连接邮件服务器（连接被拒绝），请检查「参数」中的 SMTP服务器 和 SMTP端口"
        : /ENOTFOUND|EAI_AGAIN/.test(err.message)
          ? "找不到邮件服务器，请检查「参数」中的 SMTP服务器"
          : `与邮件服务器的连接中断${response ? "，" + response : ""}`;
    case "EAUTH":
      return `邮件服务器登录失败，请检查 SMTP用户 和环境变量 ${SMTP_PASSWORD_ENV}${response ? "（" + response + "）" : ""}`;
    case "EENVELOPE":
      return `邮件服务器拒收（收件人或发件人地址被拒绝）${response ? "：" + response : ""}`;
    case "EMESSAGE":
      return `邮件服务器拒收这封邮件${response ? "：" + response : ""}`;
    case "ETLS":
      return `与邮件服务器建立加密连接失败${response ? "：" + response : ""}`;
    default:
      return `发送出错（${err.code ?? ""}${err.message ? " " + err.message : ""}）`;
  }
}

type SmtpError = Error & { code?: string; response?: string; responseCode?: number };

/**
 * The SMTPConnection options for these settings: each of the three 参数 timeouts goes to its own
 * nodemailer option. nodemailer's defaults, when an option is missing, are 2 min to connect,
 * 30 s for the greeting and 10 min of socket silence (each reply): far longer than a county's
 * scheduled run can afford, and the defect the 参数 bound.
 */
export function smtpConnectionOptions(s: SmtpSettings): SMTPConnection.Options {
  return {
    host: s.host,
    port: s.port,
    secure: s.port === 465,
    connectionTimeout: s.connectTimeoutMs,
    greetingTimeout: s.greetingTimeoutMs,
    socketTimeout: s.replyTimeoutMs,
  };
}

/** Opens the SMTP connection: the seam where a test sees the options the connection gets. */
export type OpenSmtpConnection = (options: SMTPConnection.Options) => SMTPConnection;

const openSmtpConnection: OpenSmtpConnection = (options) => new SMTPConnection(options);

/**
 * SMTP over one connection (nodemailer's SMTPConnection), opened on the first mail and closed
 * by `close`. The message is the same RFC 5322 text as the .eml. A mail counts as transmitted
 * once its whole body has been handed to the connection; a broken connection or a timeout after
 * that is 待确认, before it a failure. Any connection-level error stops the run's sending.
 */
export class SmtpOutbox implements OutboxSender {
  private conn: SMTPConnection | null = null;
  constructor(
    private readonly settings: SmtpSettings,
    private readonly date: () => Date,
    private readonly open: OpenSmtpConnection = openSmtpConnection,
  ) {}

  reference(): null {
    return null;
  }

  verdict(): InFlightVerdict {
    return "unknown";
  }

  private async connect(): Promise<SMTPConnection> {
    const s = this.settings;
    const conn = this.open(smtpConnectionOptions(s));
    this.conn = conn;
    // Errors also arrive as events (after a callback, or instead of one): never unhandled.
    conn.on("error", () => {});
    await this.settle(conn, (done) => conn.connect((err) => done(err ?? null)));
    if (s.user) {
      await this.settle(conn, (done) =>
        conn.login({ user: s.user, pass: s.password }, (err) => done(err ?? null)),
      );
    }
    return conn;
  }

  /** A callback-style call on the connection that also settles when the connection dies. */
  private settle<T>(
    conn: SMTPConnection,
    call: (done: (err: SmtpError | null, value?: T) => void) => void,
  ): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      let finished = false;
      const finish = (err: SmtpError | null, value?: T) => {
        if (finished) return;
        finished = true;
        conn.removeListener("error", onError);
        conn.removeListener("end", onEnd);
        if (err) reject(err);
        else resolve(value);
      };
      const onError = (err: SmtpError) => finish(err);
      const onEnd = () =>
        finish(Object.assign(new Error("Connection closed"), { code: "ECONNECTION" }));
      conn.on("error", onError);
      conn.on("end", onEnd);
      call(finish);
    });
  }

  async send(mail: OutboxMail): Promise<SendOutcome> {
    let conn: SMTPConnection;
    try {
      conn = this.conn ?? (await this.connect());
    } catch (err) {
      this.drop();
      return { state: "failed", reason: smtpReason(err as SmtpError), stop: true };
    }
    const text = emlText(
      mail.mail,
      this.settings.from,
      this.date(),
      `${Date.now().toString(36)}.${mail.n}@cadre-care`,
    );
    let transmitted = false;
    const body = Readable.from([Buffer.from(text, "utf8")]);
    body.on("end", () => (transmitted = true));
    try {
      await this.settle(conn, (done) =>
        conn.send({ from: this.settings.from, to: mail.mail.to }, body, (err, info) =>
          done(err ?? null, info),
        ),
      );
      return { state: "sent" };
    } catch (err) {
      const e = err as SmtpError;
      if (e.code && REFUSED.has(e.code)) {
        // The server answered: nothing delivered. A 421 also closes the session.
        const closing = e.responseCode === 421;
        if (closing) this.drop();
        else await this.reset(conn);
        return { state: "failed", reason: smtpReason(e), stop: closing };
      }
      this.drop();
      if (transmitted) {
        return {
          state: "unconfirmed",
          reason: `邮件内容已发给邮件服务器，但未收到服务器确认（${smtpReason(e)}）`,
          stop: true,
        };
      }
      return { state: "failed", reason: smtpReason(e), stop: true };
    }
  }

  private async reset(conn: SMTPConnection): Promise<void> {
    try {
      await this.settle(conn, (done) => conn.reset((err) => done(err ?? null)));
    } catch {
      this.drop();
    }
  }

  private drop(): void {
    const conn = this.conn;
    this.conn = null;
    if (conn) closeSocket(conn);
  }

  /** QUIT, a second for the server's 221, then the socket closed whatever the server does. */
  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = null;
    if (!conn) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      conn.once("end", () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        conn.quit();
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
    closeSocket(conn);
  }
}

/**
 * Close the connection and its socket. nodemailer's close() only half-closes a socket whose
 * session has begun (socket.end(), then it reports the connection ended): a server that hangs
 * never closes its side, so the socket stayed open and kept the process alive after its work.
 * The socket is destroyed as well (nodemailer's `_socket`, declared in its typings).
 */
function closeSocket(conn: SMTPConnection): void {
  try {
    conn.close();
  } catch {
    // already closed
  }
  const socket: Socket | undefined = conn._socket;
  if (socket && !socket.destroyed) socket.destroy();
}
