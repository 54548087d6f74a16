/**
 * Reminders, each sent at most once. On each lead day (参数 提醒提前天数) and every day once
 * overdue, one mail per unit to its 联系邮箱 listing its items, and one summary per department
 * (组织部门邮箱 / 人社部门邮箱) listing the units under its 管理权限.
 *
 * The 提醒 sheet is the log and the key: one row per (item, unit or person, date); the latest row
 * of a key says whether it was sent (已发送 / 已写入文件) or waits (待发送).
 *
 * Ordering — log, then send. Every row of the run is appended in one write BEFORE the first
 * mail goes out, and a tiny in-flight record (KeyValueStore: batch id → number of the mail being
 * attempted) is updated before each send. A run that stops itself (time budget, quota, a send
 * that fails) appends 待发送 rows for what it did not send. A run that is killed (Apps Script's
 * 6-minute limit: nothing runs afterwards) leaves the in-flight record behind; the next run
 * treats the mails after the attempted one as not sent and sends them. The one mail in flight at
 * the moment of a kill counts as sent: a kill can lose at most that one mail, it can never make
 * a mail go out twice. The opposite order (send, then log) would re-send every mail sent since
 * the last write after each kill.
 *
 * Overlapping runs are serialised by the script lock; the second run reads the log only after it
 * holds the lock, so it finds the first run's rows and sends nothing twice.
 */
import type { Cell, Grid } from "../records/cells";
import { isBlank, readDate, readText } from "../records/cells";
import { decodeTable } from "../records/codec";
import { SHEET } from "../records/schema";
import {
  type Day,
  SHANGHAI_OFFSET_MS,
  chineseDate,
  instantFromDay,
  isoFromDay,
  yearOf,
} from "../rules/dates";
import { KIND_LABELS, type DeadlineKind, kindFromLabel, remindsToday } from "../rules/deadlines";
import type { Clock, KeyValueStore, Lock, Mail, Mailer, Workbook } from "./ports";
import {
  type Authority,
  DEADLINE_SHEETS,
  type DeadlineItem,
  type DeadlineScan,
  type UnitInfo,
  readDeadlineGrids,
  scanDeadlines,
} from "./deadlines";

export const REMINDER_SHEET = "提醒";
/** 事项 of a department summary row in 提醒. */
export const SUMMARY_LABEL = "汇总提醒";
/** KeyValueStore key of the in-flight record. */
export const INFLIGHT_KEY = "cadre-care.remind.inflight";
/** Stop sending when this much run time has passed (Apps Script stops a run at 6 minutes). */
export const DEFAULT_BUDGET_MS = 4.5 * 60_000;
export const LOCK_TIMEOUT_MS = 30_000;

export type SentStatus = "已发送" | "已写入文件";
export const PENDING_STATUS = "待发送";
const AUTHORITIES: readonly Authority[] = ["组织部门", "人社部门"];

// ---------------------------------------------------------------------------------------------
// Keys and the log

/** The identity of an item without the date: kind, year, unit, person, due day. */
export function itemId(
  kind: DeadlineKind | "summary",
  year: number,
  unit: string,
  personId: string | null,
  due: Day | null,
): string {
  return [kind, year, unit, personId ?? "", due === null ? "" : isoFromDay(due)].join("|");
}

/** The idempotency key: the item and the day its reminder is for. */
export function reminderKey(id: string, date: Day): string {
  return `${id}@${isoFromDay(date)}`;
}

function idOfItem(item: DeadlineItem): string {
  return itemId(item.item, item.year, item.unit, item.personId, item.due);
}

function summaryId(authority: Authority, date: Day): string {
  return itemId("summary", yearOf(date), authority, null, null);
}

export interface LogEntry {
  key: string;
  id: string;
  date: Day;
  /** sent: 已发送 or 已写入文件 (or in flight); pending: 待发送 or never attempted by a killed run. */
  state: "sent" | "pending";
  /** Where a pending state comes from: a 待发送 row, or a killed run's in-flight record. */
  source: "row" | "inflight" | null;
}

export type Inflight = Record<string, number>;

export function readInflight(store: KeyValueStore): Inflight {
  const raw = store.get(INFLIGHT_KEY);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== "object") return {};
    const out: Inflight = {};
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>))
      if (typeof v === "number") out[k] = v;
    return out;
  } catch {
    return {};
  }
}

function writeInflight(store: KeyValueStore, inflight: Inflight): void {
  if (Object.keys(inflight).length === 0) store.delete(INFLIGHT_KEY);
  else store.set(INFLIGHT_KEY, JSON.stringify(inflight));
}

const BATCH_PATTERN = /批次\s*(\S+)\s*第(\d+)封/;

/** The 提醒 sheet as a map key → latest entry. Unknown or malformed rows are ignored. */
export function readLog(grid: Grid | null | undefined, inflight: Inflight): Map<string, LogEntry> {
  const log = new Map<string, LogEntry>();
  for (const row of decodeTable(SHEET[REMINDER_SHEET], grid ?? null).rows) {
    const label = readText(row.get("事项"));
    const unit = readText(row.get("单位"));
    let date: Day;
    try {
      date = readDate(row.get("日期"), "日期");
    } catch {
      continue;
    }
    let id: string;
    if (label === SUMMARY_LABEL) {
      const authority = AUTHORITIES.find((a) => a === unit);
      if (!authority) continue;
      id = summaryId(authority, date);
    } else {
      const kind = kindFromLabel(label);
      if (!kind) continue;
      let due: Day;
      let year: number;
      try {
        due = readDate(row.get("截止日期"), "截止日期");
        year = Number(readText(row.get("年度")));
      } catch {
        continue;
      }
      if (!Number.isInteger(year)) continue;
      id = itemId(kind, year, unit, readText(row.get("人员编号")) || null, due);
    }
    const status = readText(row.get("状态"));
    const record = readText(row.get("发送记录"));
    const key = reminderKey(id, date);
    let entry: LogEntry;
    if (status === PENDING_STATUS) entry = { key, id, date, state: "pending", source: "row" };
    else {
      const m = BATCH_PATTERN.exec(record);
      const attempted = m ? inflight[m[1]] : undefined;
      if (m && attempted !== undefined && Number(m[2]) > attempted) {
        entry = { key, id, date, state: "pending", source: "inflight" };
      } else entry = { key, id, date, state: "sent", source: null };
    }
    log.set(key, entry);
  }
  return log;
}

// ---------------------------------------------------------------------------------------------
// Mail text. Names people by 姓名 and 人员编号 only: never 身份证号, never an amount.

const MAX_NAMES = 30;

function stateText(daysLeft: number): string {
  if (daysLeft < 0) return `已逾期${-daysLeft}天`;
  if (daysLeft === 0) return "今天截止";
  return `还有${daysLeft}天截止`;
}

/** Lines describing a unit's items (leave-pay people of one year on one line). */
export function itemLines(items: readonly DeadlineItem[], withNames: boolean): string[] {
  const lines: string[] = [];
  const payGroups = new Map<string, DeadlineItem[]>();
  for (const item of items) {
    if (item.item !== "leave-pay") continue;
    const k = `${item.year}|${item.due}`;
    payGroups.set(k, [...(payGroups.get(k) ?? []), item]);
  }
  const seenPay = new Set<string>();
  for (const item of items) {
    const due = chineseDate(item.due);
    const state = stateText(item.daysLeft);
    if (item.item === "leave-pay") {
      const k = `${item.year}|${item.due}`;
      if (seenPay.has(k)) continue;
      seenPay.add(k);
      const people = payGroups.get(k) ?? [];
      let names = "";
      if (withNames) {
        const shown = people
          .slice(0, MAX_NAMES)
          .map((p) => `${p.name ? p.name + " " : ""}${p.personId ?? ""}`.trim());
        names = `（${shown.join("、")}${people.length > MAX_NAMES ? ` 等${people.length}人` : ""}）`;
      }
      lines.push(
        `${item.year}年度${KIND_LABELS["leave-pay"]}：应付未付 ${people.length} 人${names}，截止${due}，${state}`,
      );
    } else if (item.item === "talk-followup") {
      lines.push(
        `${KIND_LABELS["talk-followup"]}${item.name ? `（对象：${item.name}）` : ""}：跟进日期${due}，${state}`,
      );
    } else {
      lines.push(`${item.year}年度${KIND_LABELS[item.item]}：截止${due}，${state}`);
    }
  }
  return lines;
}

const FILL_HINT: Record<DeadlineKind, string> = {
  "leave-plan": "「年休假计划」的备案日期",
  "leave-pay": "「年休假」的实际支付日期",
  "health-plan": "「体检」的方案备案日期",
  "health-report": "「体检」的情况备案日期",
  "talk-followup": "「谈心谈话」的跟进完成日期",
};

export function unitMail(unit: UnitInfo, items: readonly DeadlineItem[], today: Day): Mail {
  const lines = itemLines(items, true);
  const kinds = [...new Set(items.map((i) => i.item))];
  const body = [
    `${unit.name}${unit.contact ? ` ${unit.contact}同志` : ""}：`,
    "",
    `截至${chineseDate(today)}，根据《关于建立健全干部关怀激励机制的意见》（魏字〔2021〕30号），贵单位有以下事项需要办理：`,
    "",
    ...lines.map((line, i) => `${i + 1}. ${line}。`),
    "",
    `办理完成后，请在台账中填写${kinds.map((k) => FILL_HINT[k]).join("、")}，系统将不再提醒。`,
    "本邮件由干部关怀激励台账系统自动发送，同一事项每天至多提醒一次。",
  ].join("\n");
  return {
    to: splitAddresses(unit.email),
    subject: `【期限提醒】${unit.name}：${lines.length}项事项待办理（${chineseDate(today)}）`,
    body,
  };
}

export function summaryMail(
  authority: Authority,
  to: string,
  byUnit: ReadonlyMap<string, readonly DeadlineItem[]>,
  units: ReadonlyMap<string, UnitInfo>,
  today: Day,
): Mail {
  const blocks: string[] = [];
  let count = 0;
  let overdue = 0;
  const names = [...byUnit.keys()].sort();
  for (const name of names) {
    const items = byUnit.get(name) ?? [];
    const unit = units.get(name);
    const lines = itemLines(items, false);
    count += lines.length;
    overdue += lines.filter((l) => l.includes("已逾期")).length;
    const contact = unit?.email ? "" : "（未填写联系邮箱，未能发送单位提醒）";
    blocks.push(`${name}${contact}：`, ...lines.map((l) => `  - ${l}`));
  }
  const body = [
    `${authority}：`,
    "",
    `截至${chineseDate(today)}，按干部管理权限由${authority}备案的单位中，今日有 ${names.length} 个单位、${count} 项事项需要提醒，其中已逾期 ${overdue} 项：`,
    "",
    ...blocks,
    "",
    "逾期未办理的事项将纳入通报（魏字〔2021〕30号 三）。",
    "本邮件由干部关怀激励台账系统自动发送，每天至多一封。",
  ].join("\n");
  return {
    to: splitAddresses(to),
    subject: `【期限提醒汇总】${authority}：${names.length}个单位${count}项事项（${chineseDate(today)}）`,
    body,
  };
}

export function splitAddresses(text: string): string[] {
  return text
    .split(/[,，;；\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

// ---------------------------------------------------------------------------------------------
// Planning

/** One reminder a mail carries: its key and the 提醒 row that logs it. */
export interface Carried {
  key: string;
  date: Day;
  label: string;
  unit: string;
  personId: string;
  due: Day | null;
  year: number;
  /** The log says 待发送 from a row already (no new 待发送 row needed when deferred again). */
  pendingRow: boolean;
}

export interface PlannedMail {
  mail: Mail;
  /** Unit name, or the department for a summary. */
  recipient: string;
  summary: boolean;
  carried: Carried[];
}

export interface ReminderPlan {
  mails: PlannedMail[];
  /** Units with something to remind today but no 联系邮箱. */
  noEmail: string[];
  /** Reminders of earlier days carried again (待发送, or cut off in an earlier run). */
  carriedOver: number;
}

/** What to send today, given the scan and the log. Pure. */
export function planReminders(
  scan: DeadlineScan,
  log: ReadonlyMap<string, LogEntry>,
): ReminderPlan {
  const today = scan.today;
  const lead = scan.settings.leadDays;
  const groups = new Map<string, DeadlineItem[]>();
  for (const item of scan.items) {
    const id = idOfItem(item);
    groups.set(id, [...(groups.get(id) ?? []), item]);
  }
  const byUnit = new Map<string, { items: DeadlineItem[]; carried: Carried[] }>();
  const todayByUnit = new Map<string, DeadlineItem[]>();
  const add = (unit: string, items: DeadlineItem[], carried: Carried): void => {
    const entry = byUnit.get(unit) ?? { items: [], carried: [] };
    for (const it of items) if (!entry.items.includes(it)) entry.items.push(it);
    entry.carried.push(carried);
    byUnit.set(unit, entry);
  };
  const carry = (items: DeadlineItem[], key: string, date: Day, pendingRow: boolean): Carried => ({
    key,
    date,
    label: KIND_LABELS[items[0].item],
    unit: items[0].unit,
    personId: items[0].personId ?? "",
    due: items[0].due,
    year: items[0].year,
    pendingRow,
  });

  // Earlier days' reminders still waiting, if the item is still open.
  let carriedOver = 0;
  for (const entry of log.values()) {
    if (entry.state !== "pending" || entry.date >= today || entry.id.startsWith("summary|"))
      continue;
    const items = (groups.get(entry.id) ?? []).filter((i) => i.status !== "done");
    if (items.length === 0) continue;
    carriedOver++;
    add(items[0].unit, items, carry(items, entry.key, entry.date, entry.source === "row"));
  }
  // Today's reminders.
  for (const [id, all] of groups) {
    const items = all.filter((i) => remindsToday({ status: i.status, daysLeft: i.daysLeft }, lead));
    if (items.length === 0) continue;
    const unit = items[0].unit;
    todayByUnit.set(unit, [...(todayByUnit.get(unit) ?? []), ...items]);
    const key = reminderKey(id, today);
    const entry = log.get(key);
    if (entry && entry.state === "sent") continue;
    add(unit, items, carry(items, key, today, entry?.source === "row"));
  }

  const mails: PlannedMail[] = [];
  const noEmail: string[] = [];
  // Department summaries of today's reminders, first: the fewest mails, the widest view.
  for (const authority of AUTHORITIES) {
    const address = authority === "组织部门" ? scan.settings.orgEmail : scan.settings.hrEmail;
    if (!address) continue;
    const mine = new Map<string, DeadlineItem[]>();
    for (const [unit, items] of todayByUnit) {
      if ((scan.units.get(unit)?.authority ?? "组织部门") === authority)
        mine.set(unit, sortItems(items));
    }
    if (mine.size === 0) continue;
    const key = reminderKey(summaryId(authority, today), today);
    const entry = log.get(key);
    if (entry && entry.state === "sent") continue;
    mails.push({
      mail: summaryMail(authority, address, mine, scan.units, today),
      recipient: authority,
      summary: true,
      carried: [
        {
          key,
          date: today,
          label: SUMMARY_LABEL,
          unit: authority,
          personId: "",
          due: null,
          year: yearOf(today),
          pendingRow: entry?.source === "row",
        },
      ],
    });
  }
  for (const unit of [...byUnit.keys()].sort()) {
    const { items, carried } = byUnit.get(unit)!;
    const info = scan.units.get(unit) ?? { name: unit, email: "", contact: "", authority: null };
    if (!info.email) {
      noEmail.push(unit);
      continue;
    }
    mails.push({
      mail: unitMail(info, sortItems(items), today),
      recipient: unit,
      summary: false,
      carried,
    });
  }
  return { mails, noEmail, carriedOver };
}

function sortItems(items: DeadlineItem[]): DeadlineItem[] {
  return [...items].sort(
    (a, b) =>
      a.due - b.due ||
      a.item.localeCompare(b.item) ||
      (a.personId ?? "").localeCompare(b.personId ?? ""),
  );
}

// ---------------------------------------------------------------------------------------------
// The run

export interface RemindDeps {
  workbook: Workbook;
  mailer: Mailer;
  clock: Clock;
  store: KeyValueStore;
  lock: Lock;
}

export interface RemindOptions {
  /** The civil day of the run, in the spreadsheet's time zone. */
  today: Day;
  /** 已发送 for e-mail, 已写入文件 for .eml files. */
  sentStatus?: SentStatus;
  /** Stop sending once this much time has passed since `startedAt`. */
  budgetMs?: number;
  /** When the run started (Apps Script counts from the trigger); default: now. */
  startedAt?: Date;
  lockTimeoutMs?: number;
  /** Time zone offset used to print send times; default Asia/Shanghai. */
  offsetMs?: number;
}

export interface SentMail {
  recipient: string;
  summary: boolean;
  mail: Mail;
  keys: string[];
  carried: Carried[];
}

export interface RemindResult {
  /** false when another run held the lock: nothing was read, sent or written. */
  ran: boolean;
  today: Day;
  sent: SentMail[];
  /** Mails left for the next run, with the reason (quota, run time, a failed send). */
  deferred: { recipient: string; reason: string }[];
  noEmail: string[];
  carriedOver: number;
  stoppedEarly: boolean;
  /** 提醒 rows appended by this run. */
  rowsWritten: number;
  /** Appends to 提醒 (1 normally; 2 when the run stopped itself midway). */
  writes: number;
  scan: DeadlineScan | null;
  error: string | null;
}

function timeText(date: Date, offsetMs: number): string {
  return new Date(date.getTime() + offsetMs).toISOString().slice(0, 19).replace("T", " ");
}

function logRow(c: Carried, status: string, record: string, to: string[]): Record<string, Cell> {
  return {
    日期: instantFromDay(c.date),
    事项: c.label,
    单位: c.unit,
    人员编号: c.personId,
    截止日期: c.due === null ? null : instantFromDay(c.due),
    状态: status,
    发送记录: record,
    年度: c.year,
    收件人: to.join(", "),
  };
}

/** Lay out records under the 提醒 header (the spec's order when the sheet is empty). */
function layoutRows(header: readonly Cell[] | undefined, records: Record<string, Cell>[]): Grid {
  const spec = SHEET[REMINDER_SHEET];
  const names =
    header && header.some((h) => !isBlank(h))
      ? header.map((h) => readText(h))
      : spec.columns.map((c) => c.name);
  return records.map((r) => names.map((n) => (n in r ? (r[n] ?? null) : null)));
}

/** Run the daily reminders once. */
export function runReminders(deps: RemindDeps, options: RemindOptions): RemindResult {
  const { workbook, mailer, clock, store, lock } = deps;
  const today = options.today;
  const result: RemindResult = {
    ran: false,
    today,
    sent: [],
    deferred: [],
    noEmail: [],
    carriedOver: 0,
    stoppedEarly: false,
    rowsWritten: 0,
    writes: 0,
    scan: null,
    error: null,
  };
  if (!lock.tryLock(options.lockTimeoutMs ?? LOCK_TIMEOUT_MS)) return result;
  try {
    result.ran = true;
    const started = options.startedAt ?? clock.now();
    const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
    const offset = options.offsetMs ?? SHANGHAI_OFFSET_MS;
    const sentStatus = options.sentStatus ?? "已发送";

    const grids = readDeadlineGrids(workbook, [...DEADLINE_SHEETS, REMINDER_SHEET]);
    const scan = scanDeadlines(grids, today);
    result.scan = scan;
    const inflight = readInflight(store);
    const log = readLog(grids[REMINDER_SHEET], inflight);
    const plan = planReminders(scan, log);
    result.noEmail = plan.noEmail;
    result.carriedOver = plan.carriedOver;
    const header = grids[REMINDER_SHEET]?.[0];

    // Fit the day's quota (MailApp counts recipients).
    let quota = mailer.remainingQuota();
    const toSend: PlannedMail[] = [];
    const records: Record<string, Cell>[] = [];
    const pendingRecords = (m: PlannedMail, reason: string): void => {
      for (const c of m.carried)
        if (!c.pendingRow) records.push(logRow(c, PENDING_STATUS, reason, m.mail.to));
      result.deferred.push({ recipient: m.recipient, reason });
    };
    for (const m of plan.mails) {
      if (m.mail.to.length <= quota) {
        toSend.push(m);
        quota -= m.mail.to.length;
      } else pendingRecords(m, "超出今日邮件配额，下次运行时发送");
    }
    const batch = started.getTime().toString(36);
    toSend.forEach((m, i) => {
      for (const c of m.carried) {
        records.push(
          logRow(
            c,
            sentStatus,
            `批次 ${batch} 第${i + 1}封，${timeText(clock.now(), offset)} 发送至 ${m.mail.to.join(", ")}`,
            m.mail.to,
          ),
        );
      }
    });
    if (records.length === 0) {
      // Nothing to do; earlier batches are fully accounted for by the log now.
      if (Object.keys(inflight).length > 0 && plan.carriedOver === 0) writeInflight(store, {});
      return result;
    }

    // Log first (one write), then send.
    if (toSend.length > 0) writeInflight(store, { ...inflight, [batch]: 0 });
    workbook.appendRows(REMINDER_SHEET, layoutRows(header, records));
    result.writes++;
    result.rowsWritten += records.length;

    let stopAt = toSend.length;
    let reason = "";
    for (let i = 0; i < toSend.length; i++) {
      if (clock.now().getTime() - started.getTime() >= budget) {
        stopAt = i;
        reason = "本次运行时间将满，下次运行时发送";
        result.stoppedEarly = true;
        break;
      }
      writeInflight(store, { ...inflight, [batch]: i + 1 });
      try {
        mailer.send(toSend[i].mail);
      } catch (err) {
        stopAt = i;
        reason = `发送失败（${err instanceof Error ? err.message : String(err)}），下次运行时重试`;
        result.stoppedEarly = true;
        result.error = reason;
        break;
      }
      result.sent.push({
        recipient: toSend[i].recipient,
        summary: toSend[i].summary,
        mail: toSend[i].mail,
        keys: toSend[i].carried.map((c) => c.key),
        carried: toSend[i].carried,
      });
    }
    if (stopAt < toSend.length) {
      const corrections: Record<string, Cell>[] = [];
      for (const m of toSend.slice(stopAt)) {
        for (const c of m.carried) corrections.push(logRow(c, PENDING_STATUS, reason, m.mail.to));
        result.deferred.push({ recipient: m.recipient, reason });
      }
      workbook.appendRows(REMINDER_SHEET, layoutRows(header, corrections));
      result.writes++;
      result.rowsWritten += corrections.length;
    }
    // Every earlier batch's unsent reminders were carried into this run's rows: forget them.
    writeInflight(store, {});
    return result;
  } finally {
    lock.release();
  }
}

/**
 * Mark mails that were logged as sent but could not be delivered afterwards (local SMTP sends
 * after the workbook is saved) as 待发送, so that the next run sends them. One append.
 */
export function markUndelivered(
  workbook: Workbook,
  mails: readonly SentMail[],
  reason: string,
): number {
  const records: Record<string, Cell>[] = [];
  for (const m of mails)
    for (const c of m.carried) records.push(logRow(c, PENDING_STATUS, reason, m.mail.to));
  if (records.length === 0) return 0;
  workbook.appendRows(REMINDER_SHEET, layoutRows(workbook.readSheet(REMINDER_SHEET)?.[0], records));
  return records.length;
}

/** A Chinese account of a run, for the menu and the CLI. */
export function describeRun(result: RemindResult): string {
  if (!result.ran) return "另一次提醒检查正在运行，本次未执行（等待超过30秒）。";
  const date = chineseDate(result.today);
  const units = result.sent.filter((s) => !s.summary);
  const summaries = result.sent.filter((s) => s.summary);
  const lines: string[] = [];
  if (result.sent.length === 0 && result.deferred.length === 0) {
    lines.push(`${date}：今天没有需要发送的提醒（已发送过的不再重复发送）。`);
  } else {
    lines.push(
      `${date}：发送提醒邮件 ${result.sent.length} 封（单位 ${units.length} 封，汇总 ${summaries.length} 封）。`,
    );
    if (units.length > 0) lines.push(`已提醒单位：${units.map((u) => u.recipient).join("、")}`);
    if (summaries.length > 0)
      lines.push(`已发送汇总：${summaries.map((u) => u.recipient).join("、")}`);
  }
  if (result.carriedOver > 0) lines.push(`其中补发以前未发出的提醒 ${result.carriedOver} 项。`);
  if (result.deferred.length > 0) {
    const reasons = [...new Set(result.deferred.map((d) => d.reason))];
    lines.push(`待发送 ${result.deferred.length} 封：${reasons.join("；")}。`);
  }
  if (result.noEmail.length > 0)
    lines.push(`未填写联系邮箱、无法提醒的单位：${result.noEmail.join("、")}`);
  if (result.scan && result.scan.warnings.length > 0) {
    lines.push(
      `无法判断的记录 ${result.scan.warnings.length} 条，请运行检查：${result.scan.warnings.slice(0, 3).join("；")}`,
    );
  }
  return lines.join("\n");
}
