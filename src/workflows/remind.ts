/**
 * Reminders, each sent at most once. On each lead day (参数 提醒提前天数) and every day once
 * overdue, one mail per unit to its 联系邮箱 listing its items, and one summary per department
 * (组织部门邮箱 / 人社部门邮箱) listing the units under its 管理权限.
 *
 * The 提醒 sheet is the log and the key: one row per (item, unit or person, date); the latest row
 * of a key says whether it was sent (已发送 / 已写入文件) or waits (待发送).
 *
 * The outbox — plan, then send, each mail's state kept durably. A run appends one 提醒 row per
 * reminder it plans, status 待发送 and 发送记录 "批次 B 第N封，计划发送至 …", in one write, before
 * any mail goes out. Each mail's progress is then recorded in the KeyValueStore before and after
 * its send (planned p → sending s → sent o, failed f with the reason, or unconfirmed u: handed to
 * the mail server without its reply). At the end the rows of the batch get their outcome in place
 * (已发送/已写入文件, 发送失败, 待确认, or 待发送 with the reason they wait) and the batch is
 * forgotten. The store is Apps Script's script properties, or locally a journal file beside the
 * workbook (fsync'd), so it survives a kill.
 *
 * A run that was killed leaves its batch in the store: the next run replays it first
 * (recoverOutbox) — sent mails become sent rows, planned ones stay 待发送 and are sent now, and the
 * one mail that was in flight is resolved by the adapter: an .eml file is written under its
 * final name by a rename, so it exists or not; an SMTP or MailApp send that may or may not have
 * happened is 待确认, for a person to check, and is never sent again automatically. So after any
 * interruption each planned reminder goes out once, and none that went out goes twice.
 *
 * Overlapping runs are serialised by the lock (script lock; locally the workbook lock); the
 * second run reads the log only after it holds the lock, so it finds the first run's rows.
 */
import type { Cell, Grid } from "../records/cells";
import { isBlank, readDate, readText } from "../records/cells";
import { decodeTable } from "../records/codec";
import { AUTHORITIES as AUTHORITY_NAMES, SHEET } from "../records/schema";
import { type Day, chineseDate, instantFromDay, isoFromDay, yearOf } from "../rules/dates";
import { messageOf } from "../rules/errors";
import {
  KIND_LABELS,
  PLAN_UNFILED,
  type DeadlineKind,
  kindFromLabel,
  remindsToday,
} from "../rules/deadlines";
import type { Clock, KeyValueStore, Lock, Mail, Mailer, Workbook } from "./ports";
import {
  type Authority,
  DEADLINE_SHEETS,
  type DeadlineItem,
  type DeadlineScan,
  type LeavePayDerivation,
  type UnitInfo,
  readDeadlineGrids,
  scanDeadlines,
} from "./deadlines";

export const REMINDER_SHEET = "提醒";
/** 事项 of a department summary row in 提醒. */
export const SUMMARY_LABEL = "汇总提醒";
/** KeyValueStore key of the list of unfinished batches; each batch's progress under KEY.BATCH. */
export const OUTBOX_KEY = "cadre-care.outbox";
/** Stop sending when this much run time has passed (Apps Script stops a run at 6 minutes). */
export const DEFAULT_BUDGET_MS = 4.5 * 60_000;
export const LOCK_TIMEOUT_MS = 30_000;

export type SentStatus = "已发送" | "已写入文件";
export const PENDING_STATUS = "待发送";
/** A send that failed (the server refused, the disk was full…): the next run sends it again. */
export const FAILED_STATUS = "发送失败";
/** Handed to the mail server, whose reply never came: a person checks; never resent by itself. */
export const UNCONFIRMED_STATUS = "待确认";
/** The departments units file with (schema 管理权限), summary mail order. */
const AUTHORITIES: readonly Authority[] = AUTHORITY_NAMES;

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
  return [kind, year, unit, personId || "", due === null ? "" : isoFromDay(due)].join("|");
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
  /**
   * sent: 已发送 or 已写入文件; pending: 待发送 or 发送失败 (sent by the next run); held: 待确认
   * (may have gone out: a person checks, the system never resends it by itself).
   */
  state: "sent" | "pending" | "held";
  /** A pending state's 提醒 row exists already (no new 待发送 row needed when deferred). */
  source: "row" | null;
  /** The sheet row (1-based) of the latest row of the key. */
  row: number;
}

export const BATCH_PATTERN = /批次\s*(\S+)\s*第(\d+)封/;

/** The 提醒 sheet as a map key → latest entry. Unknown or malformed rows are ignored. */
export function readLog(grid: Grid | null | undefined): Map<string, LogEntry> {
  const log = new Map<string, LogEntry>();
  for (const row of decodeTable(SHEET[REMINDER_SHEET], grid || null).rows) {
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
    const key = reminderKey(id, date);
    const state =
      status === PENDING_STATUS || status === FAILED_STATUS
        ? "pending"
        : status === UNCONFIRMED_STATUS
          ? "held"
          : "sent";
    log.set(key, {
      key,
      id,
      date,
      state,
      source: state === "pending" ? "row" : null,
      row: row.row,
    });
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
    payGroups.set(k, [...(payGroups.get(k) || []), item]);
  }
  const seenPay = new Set<string>();
  for (const item of items) {
    const due = chineseDate(item.due);
    const state = stateText(item.daysLeft);
    if (item.item === "leave-pay") {
      const k = `${item.year}|${item.due}`;
      if (seenPay.has(k)) continue;
      seenPay.add(k);
      const people = payGroups.get(k) || [];
      let names = "";
      if (withNames) {
        const shown = people
          .slice(0, MAX_NAMES)
          .map((p) => `${p.name ? p.name + " " : ""}${p.personId || ""}`.trim());
        names = `（${shown.join("、")}${people.length > MAX_NAMES ? ` 等${people.length}人` : ""}）`;
      }
      lines.push(
        `${item.year}年度${KIND_LABELS["leave-pay"]}：应付未付 ${people.length} 人${names}，截止${due}，${state}`,
      );
    } else if (item.item === "talk-followup") {
      lines.push(
        `${KIND_LABELS["talk-followup"]}${item.name ? `（对象：${item.name}）` : ""}：跟进日期${due}，${state}`,
      );
    } else if (item.unfiled) {
      // 魏字〔2021〕30号 二.5: the plan made in time; "报组织人事部门备案" has no date.
      lines.push(`${item.year}年度年休假计划${PLAN_UNFILED}：请按干部管理权限报组织人事部门备案`);
    } else {
      lines.push(`${item.year}年度${KIND_LABELS[item.item]}：截止${due}，${state}`);
    }
  }
  return lines;
}

const FILL_HINT: Record<DeadlineKind, string> = {
  "leave-plan": "「年休假计划」的计划提交日期和备案日期",
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
    const items = byUnit.get(name) || [];
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
  /** The log's 待发送 row of this reminder (1-based sheet row), reused instead of a new row; or null. */
  pendingRow: number | null;
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
    groups.set(id, [...(groups.get(id) || []), item]);
  }
  const byUnit = new Map<string, { items: DeadlineItem[]; carried: Carried[] }>();
  const todayByUnit = new Map<string, DeadlineItem[]>();
  const add = (unit: string, items: DeadlineItem[], carried: Carried): void => {
    const entry = byUnit.get(unit) || { items: [], carried: [] };
    for (const it of items) if (!entry.items.includes(it)) entry.items.push(it);
    entry.carried.push(carried);
    byUnit.set(unit, entry);
  };
  const carry = (
    items: DeadlineItem[],
    key: string,
    date: Day,
    pendingRow: number | null,
  ): Carried => ({
    key,
    date,
    label: KIND_LABELS[items[0].item],
    unit: items[0].unit,
    personId: items[0].personId || "",
    due: items[0].due,
    year: items[0].year,
    pendingRow,
  });

  // Earlier days' reminders still waiting, if the item is still open.
  let carriedOver = 0;
  for (const entry of log.values()) {
    if (entry.state !== "pending" || entry.date >= today || entry.id.startsWith("summary|"))
      continue;
    const items = (groups.get(entry.id) || []).filter((i) => i.status !== "done" || i.unfiled);
    if (items.length === 0) continue;
    carriedOver++;
    add(items[0].unit, items, carry(items, entry.key, entry.date, entry.row));
  }
  // Today's reminders.
  for (const [id, all] of groups) {
    const items = all.filter((i) => remindsToday(i, lead));
    if (items.length === 0) continue;
    const unit = items[0].unit;
    todayByUnit.set(unit, [...(todayByUnit.get(unit) || []), ...items]);
    const key = reminderKey(id, today);
    const entry = log.get(key);
    if (entry && entry.state !== "pending") continue;
    add(unit, items, carry(items, key, today, entry?.source === "row" ? entry.row : null));
  }

  const mails: PlannedMail[] = [];
  const noEmail: string[] = [];
  // Department summaries of today's reminders, first: the fewest mails, the widest view.
  for (const authority of AUTHORITIES) {
    const address = authority === "组织部门" ? scan.settings.orgEmail : scan.settings.hrEmail;
    if (!address) continue;
    const mine = new Map<string, DeadlineItem[]>();
    for (const [unit, items] of todayByUnit) {
      if ((scan.units.get(unit)?.authority || "组织部门") === authority)
        mine.set(unit, sortItems(items));
    }
    if (mine.size === 0) continue;
    const key = reminderKey(summaryId(authority, today), today);
    const entry = log.get(key);
    if (entry && entry.state !== "pending") continue;
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
          pendingRow: entry?.source === "row" ? entry.row : null,
        },
      ],
    });
  }
  // Unit mails, most urgent first (the most overdue, then the soonest due), so that when the
  // day's mail quota is short the reminders that matter most go and the rest wait (待发送).
  const urgency = (unit: string): number =>
    Math.min(...byUnit.get(unit)!.items.map((i) => i.daysLeft), Number.MAX_SAFE_INTEGER);
  const order = [...byUnit.keys()].sort(
    (a, b) => urgency(a) - urgency(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  for (const unit of order) {
    const { items, carried } = byUnit.get(unit)!;
    const info = scan.units.get(unit) || { name: unit, email: "", contact: "", authority: null };
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
      (a.personId || "").localeCompare(b.personId || ""),
  );
}

// ---------------------------------------------------------------------------------------------
// The outbox

export interface RemindDeps {
  workbook: Workbook;
  mailer: Mailer;
  clock: Clock;
  /** Durable: Apps Script's script properties, or locally the journal beside the workbook. */
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
  /** How the scan derives 其中另行支付 where a cell holds no number (scanDeadlines). */
  leavePay?: LeavePayDerivation;
}

/** What became of one send. `stop`: the channel is broken, do not try the next mails now. */
export type SendOutcome =
  | { state: "sent" }
  | { state: "failed"; reason: string; stop?: boolean }
  | { state: "unconfirmed"; reason: string; stop?: boolean };

/** How an adapter resolves a mail that was in flight when a run was killed. */
export type InFlightVerdict = "sent" | "unsent" | "unknown";

export interface OutboxMail extends PlannedMail {
  /** Number of the mail in its batch, from 1. */
  n: number;
}

export interface SentMail {
  recipient: string;
  summary: boolean;
  mail: Mail;
  keys: string[];
  carried: Carried[];
}

export interface MailProblem {
  recipient: string;
  /** The addresses, as 提醒 records them. */
  to: string;
  reason: string;
}

/** The batch a run sends: its mails and where their 提醒 rows are. */
export interface Outbox {
  batch: string;
  sentStatus: SentStatus;
  mails: OutboxMail[];
  outcomes: Map<number, SendOutcome>;
}

export interface Recovery {
  batches: string[];
  sent: number;
  /** In flight at the kill, may have gone out: 待确认. */
  unconfirmed: MailProblem[];
  /** Planned or failed, not sent: they go out with this run. */
  requeued: number;
}

export interface RemindResult {
  /** false when another run held the lock: nothing was read, sent or written. */
  ran: boolean;
  today: Day;
  sent: SentMail[];
  /** Sends that failed (not delivered): 发送失败, sent again by the next run. */
  failed: MailProblem[];
  /** Handed over without the server's reply: 待确认, for a person to check. */
  unconfirmed: MailProblem[];
  /** Mails left for the next run, with the reason (quota, run time, a broken channel). */
  deferred: { recipient: string; reason: string }[];
  noEmail: string[];
  carriedOver: number;
  stoppedEarly: boolean;
  /** 提醒 rows appended by this run. */
  rowsWritten: number;
  /** Writes to 提醒: the plan, then the outcomes (and the replay of an interrupted run). */
  writes: number;
  recovery: Recovery | null;
  scan: DeadlineScan | null;
  error: string | null;
}

export function emptyResult(today: Day): RemindResult {
  return {
    ran: false,
    today,
    sent: [],
    failed: [],
    unconfirmed: [],
    deferred: [],
    noEmail: [],
    carriedOver: 0,
    stoppedEarly: false,
    rowsWritten: 0,
    writes: 0,
    recovery: null,
    scan: null,
    error: null,
  };
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

function headerNames(header: readonly Cell[] | undefined): string[] {
  return header && header.some((h) => !isBlank(h))
    ? header.map((h) => readText(h))
    : SHEET[REMINDER_SHEET].columns.map((c) => c.name);
}

/** Lay out records under the 提醒 header (the spec's order when the sheet is empty). */
function layoutRows(names: readonly string[], records: Record<string, Cell>[]): Grid {
  return records.map((r) => names.map((n) => (n in r ? (r[n] ?? null) : null)));
}

/** Set 状态 and 发送记录 of the given rows, one write per run of consecutive rows. */
function writeStatusCells(
  workbook: Workbook,
  names: readonly string[],
  updates: { row: number; status: string; record: string }[],
): number {
  const statusCol = names.indexOf("状态") + 1;
  const recordCol = names.indexOf("发送记录") + 1;
  if (statusCol === 0 || recordCol === 0 || updates.length === 0) return 0;
  const sorted = [...updates].sort((a, b) => a.row - b.row);
  const adjacent = recordCol === statusCol + 1;
  let writes = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j].row === sorted[j - 1].row + 1) j++;
    const run = sorted.slice(i, j);
    if (adjacent) {
      workbook.writeRange(
        REMINDER_SHEET,
        run[0].row,
        statusCol,
        run.map((u) => [u.status, u.record]),
      );
    } else {
      workbook.writeRange(
        REMINDER_SHEET,
        run[0].row,
        statusCol,
        run.map((u) => [u.status]),
      );
      workbook.writeRange(
        REMINDER_SHEET,
        run[0].row,
        recordCol,
        run.map((u) => [u.record]),
      );
    }
    writes++;
    i = j;
  }
  return writes;
}

// Progress in the store: OUTBOX_KEY → ["batch", …]; OUTBOX_KEY.batch → {codes, notes}.
interface Progress {
  /** One character per mail: p planned, s sending, o sent, f failed, u unconfirmed. */
  codes: string;
  /** Mail number → reason (f, u) or the adapter's reference of the send (s). */
  notes: Record<string, string>;
}

function batches(store: KeyValueStore): string[] {
  try {
    const parsed: unknown = JSON.parse(store.get(OUTBOX_KEY) || "[]");
    return Array.isArray(parsed) ? parsed.filter((b): b is string => typeof b === "string") : [];
  } catch {
    return [];
  }
}

function readProgress(store: KeyValueStore, batch: string): Progress {
  try {
    const parsed = JSON.parse(store.get(`${OUTBOX_KEY}.${batch}`) || "null") as Progress | null;
    if (
      parsed &&
      typeof parsed.codes === "string" &&
      parsed.notes &&
      typeof parsed.notes === "object"
    )
      return parsed;
  } catch {
    // a damaged record: every mail of the batch counts as in flight (unknown), below
  }
  return { codes: "", notes: {} };
}

function writeProgress(store: KeyValueStore, batch: string, progress: Progress): void {
  store.set(`${OUTBOX_KEY}.${batch}`, JSON.stringify(progress));
}

/** Forget batches whose outcome the workbook now holds (after it is saved, locally). */
export function forgetBatches(store: KeyValueStore, done: readonly string[]): void {
  if (done.length === 0) return;
  for (const b of done) store.delete(`${OUTBOX_KEY}.${b}`);
  const left = batches(store).filter((b) => !done.includes(b));
  if (left.length) store.set(OUTBOX_KEY, JSON.stringify(left));
  else store.delete(OUTBOX_KEY);
}

export const UNCONFIRMED_HINT = "请向收件人核实：已收到的把状态改为“已发送”，未收到的改为“待发送”";

/** A mail's code (p, s, o, f, u) as the 状态 and 发送记录 of its rows. */
function rowState(
  code: string,
  tag: string,
  to: string,
  note: string,
  sentStatus: SentStatus,
): { status: string; record: string } {
  if (code === "o") return { status: sentStatus, record: `${tag}，${note}发送至 ${to}` };
  if (code === "f") return { status: FAILED_STATUS, record: `${tag}，${note}，下次运行时重试` };
  if (code === "u")
    return {
      status: UNCONFIRMED_STATUS,
      record: `${tag}，${note}，发送至 ${to}；${UNCONFIRMED_HINT}`,
    };
  return { status: PENDING_STATUS, record: `${tag}，${note}` };
}

/**
 * Give the 提醒 rows of `which` batches the state their mails reached, as the store records it
 * (`verdict` resolves a mail that was in flight; `waiting`: the note of a mail never attempted).
 */
function settle(
  workbook: Workbook,
  store: KeyValueStore,
  which: string[],
  sentStatus: SentStatus,
  verdict: (batch: string, n: number, reference: string | null) => InFlightVerdict,
  waiting: string,
): Recovery {
  const recovery: Recovery = { batches: which, sent: 0, unconfirmed: [], requeued: 0 };
  if (which.length === 0) return recovery;
  const grid = workbook.readSheet(REMINDER_SHEET) || [];
  const names = headerNames(grid[0]);
  const cell = (r: number, name: string) => readText(grid[r][names.indexOf(name)] ?? null);
  const progress = new Map(which.map((b) => [b, readProgress(store, b)]));
  const codes = new Map<string, string>();
  const updates: { row: number; status: string; record: string }[] = [];
  for (let r = 1; r < grid.length; r++) {
    const m = BATCH_PATTERN.exec(cell(r, "发送记录"));
    const p = m && progress.get(m[1]);
    if (!m || !p) continue;
    const n = Number(m[2]);
    const key = m[0];
    const first = !codes.has(key);
    const stored = p.codes.charAt(n - 1) || "s";
    if (first)
      codes.set(
        key,
        stored === "s"
          ? { sent: "o", unsent: "p", unknown: "u" }[verdict(m[1], n, p.notes[n] || null)]
          : stored,
      );
    const code = codes.get(key)!;
    const note =
      code === "o"
        ? ""
        : code === "p"
          ? waiting
          : code === "f"
            ? `发送失败（${p.notes[n]}）`
            : (stored === "u" && p.notes[n]) || "发送时运行中断，不能确定是否已发出";
    const to = cell(r, "收件人");
    updates.push({ row: r + 1, ...rowState(code, m[0], to, note, sentStatus) });
    if (!first) continue;
    if (code === "o") recovery.sent++;
    else if (code === "u")
      recovery.unconfirmed.push({ recipient: cell(r, "单位"), to, reason: note });
    else recovery.requeued++;
  }
  writeStatusCells(workbook, names, updates);
  return recovery;
}

/** Replay the batches of runs that did not finish (before planning): their rows get their state. */
export function recoverOutbox(
  workbook: Workbook,
  store: KeyValueStore,
  sentStatus: SentStatus,
  verdict: (batch: string, n: number, reference: string | null) => InFlightVerdict,
): Recovery {
  return settle(workbook, store, batches(store), sentStatus, verdict, "中断未发出，下次补发");
}

export interface PlannedRun {
  outbox: Outbox | null;
  result: RemindResult;
}

/**
 * Plan today's mails from the scan and the log, and append their 提醒 rows (待发送, batch and
 * number) in one write; the batch is registered in the store, all mails planned. Mails beyond
 * the quota get 待发送 rows with the reason and wait for the next run.
 */
export function planOutbox(
  deps: Pick<RemindDeps, "workbook" | "mailer" | "clock" | "store">,
  options: RemindOptions,
  result: RemindResult = emptyResult(options.today),
): PlannedRun {
  const { workbook, mailer, clock, store } = deps;
  const today = options.today;
  result.ran = true;
  const grids = readDeadlineGrids(workbook, [...DEADLINE_SHEETS, REMINDER_SHEET]);
  const scan = scanDeadlines(grids, today, options.leavePay);
  result.scan = scan;
  const log = readLog(grids[REMINDER_SHEET]);
  const plan = planReminders(scan, log);
  result.noEmail = plan.noEmail;
  result.carriedOver = plan.carriedOver;
  const names = headerNames((grids[REMINDER_SHEET] || [])[0]);

  let quota = mailer.remainingQuota();
  const mails: OutboxMail[] = [];
  const records: Record<string, Cell>[] = [];
  const batch = (options.startedAt || clock.now()).getTime().toString(36);
  // A reminder already waiting in a 待发送 row keeps that row (tagged with this batch); the others
  // get new rows, all appended in one write.
  const reused: { row: number; status: string; record: string }[] = [];
  for (const m of plan.mails) {
    const fits = m.mail.to.length <= quota;
    const n = mails.length + 1;
    const record = fits
      ? `批次 ${batch} 第${n}封，计划发送至 ${m.mail.to.join(", ")}`
      : "超出今日邮件配额，下次运行时发送";
    if (fits) {
      mails.push({ ...m, n });
      quota -= m.mail.to.length;
    } else result.deferred.push({ recipient: m.recipient, reason: record });
    for (const c of m.carried) {
      if (c.pendingRow === null) records.push(logRow(c, PENDING_STATUS, record, m.mail.to));
      else if (fits) reused.push({ row: c.pendingRow, status: PENDING_STATUS, record });
    }
  }
  if (records.length === 0 && reused.length === 0) return { outbox: null, result };
  if (mails.length > 0) {
    writeProgress(store, batch, { codes: "p".repeat(mails.length), notes: {} });
    store.set(OUTBOX_KEY, JSON.stringify([...batches(store).filter((b) => b !== batch), batch]));
  }
  if (records.length > 0) {
    workbook.appendRows(REMINDER_SHEET, layoutRows(names, records));
    result.writes++;
    result.rowsWritten += records.length;
  }
  if (writeStatusCells(workbook, names, reused) > 0) result.writes++;
  return {
    outbox: mails.length
      ? { batch, sentStatus: options.sentStatus || "已发送", mails, outcomes: new Map() }
      : null,
    result,
  };
}

/** Record, durably, that mail `n` is about to go out (`reference`: the adapter's, e.g. a path). */
export function markSending(
  store: KeyValueStore,
  outbox: Outbox,
  n: number,
  reference: string | null = null,
): void {
  mark(store, outbox, n, "s", reference);
}

/** Record, durably, what became of mail `n`. */
export function markOutcome(
  store: KeyValueStore,
  outbox: Outbox,
  n: number,
  outcome: SendOutcome,
): void {
  outbox.outcomes.set(n, outcome);
  if (outcome.state === "sent") mark(store, outbox, n, "o", null);
  else mark(store, outbox, n, outcome.state === "failed" ? "f" : "u", outcome.reason.slice(0, 160));
}

function mark(store: KeyValueStore, outbox: Outbox, n: number, code: string, note: string | null) {
  const p = readProgress(store, outbox.batch);
  const codes = p.codes.padEnd(outbox.mails.length, "p").split("");
  codes[n - 1] = code;
  const notes = { ...p.notes };
  if (note) notes[n] = note;
  else delete notes[n];
  writeProgress(store, outbox.batch, { codes: codes.join(""), notes });
}

/**
 * Give every row of the batch its outcome (from the store, in place) and fill the result; mails
 * never attempted wait with `stopReason`. The caller then forgets the batch (locally after
 * saving the workbook).
 */
export function finishOutbox(
  workbook: Workbook,
  store: KeyValueStore,
  outbox: Outbox,
  result: RemindResult,
  stopReason: string,
): void {
  for (const m of outbox.mails) {
    const o = outbox.outcomes.get(m.n);
    const problem = { recipient: m.recipient, to: m.mail.to.join(", "), reason: stopReason };
    if (!o) result.deferred.push(problem);
    else if (o.state === "sent")
      result.sent.push({
        recipient: m.recipient,
        summary: m.summary,
        mail: m.mail,
        keys: m.carried.map((c) => c.key),
        carried: m.carried,
      });
    else
      (o.state === "failed" ? result.failed : result.unconfirmed).push({
        ...problem,
        reason: o.reason,
      });
  }
  settle(workbook, store, [outbox.batch], outbox.sentStatus, () => "unknown", stopReason);
  result.writes++;
  if (result.failed.length > 0 && !result.error) result.error = result.failed[0].reason;
}

/** The reason a mail waits when the run stopped before it. */
export function stopReasonOf(last: SendOutcome | undefined, outOfTime: boolean): string {
  if (outOfTime) return "本次运行时间将满，下次运行时发送";
  if (last && last.state !== "sent")
    return last.state === "failed"
      ? `邮件服务不可用（${last.reason}），下次运行时发送`
      : "邮件服务器未确认上一封，本封未发出，下次运行时发送";
  return "未发出，下次运行时发送";
}

/**
 * Run the daily reminders once with a synchronous mailer (MailApp; the .eml writer of `npm
 * start`): replay an interrupted batch, plan, send each mail recording its state before and
 * after, write the outcomes. A mailer that throws is a failed send, and the run stops there.
 */
export function runReminders(deps: RemindDeps, options: RemindOptions): RemindResult {
  const { workbook, mailer, clock, store, lock } = deps;
  const result = emptyResult(options.today);
  if (!lock.tryLock(options.lockTimeoutMs ?? LOCK_TIMEOUT_MS)) return result;
  try {
    const sentStatus = options.sentStatus || "已发送";
    const recovery = recoverOutbox(workbook, store, sentStatus, () => "unknown");
    if (recovery.batches.length > 0) {
      result.recovery = recovery;
      result.writes++;
      forgetBatches(store, recovery.batches);
    }
    const started = options.startedAt || clock.now();
    const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
    const { outbox } = planOutbox(deps, options, result);
    if (!outbox) return result;
    let last: SendOutcome | undefined;
    let outOfTime = false;
    for (const m of outbox.mails) {
      if (clock.now().getTime() - started.getTime() >= budget) {
        outOfTime = true;
        break;
      }
      markSending(store, outbox, m.n);
      try {
        mailer.send(m.mail);
        last = { state: "sent" };
      } catch (err) {
        last = {
          state: "failed",
          reason: messageOf(err),
          stop: true,
        };
      }
      markOutcome(store, outbox, m.n, last);
      if (last.state !== "sent" && last.stop) break;
    }
    result.stoppedEarly = outbox.outcomes.size < outbox.mails.length;
    finishOutbox(workbook, store, outbox, result, stopReasonOf(last, outOfTime));
    forgetBatches(store, [outbox.batch]);
    return result;
  } finally {
    lock.release();
  }
}

/**
 * What describeRun reads of a run (a RemindResult is one): the CLI passes the run, the dialog of
 * 检查并发送提醒 (src/gas/dialog/client/remind.ts) what the server sent it of the run.
 */
export interface RunAccount {
  ran: boolean;
  today: Day;
  sent: { recipient: string; summary: boolean }[];
  failed: MailProblem[];
  unconfirmed: MailProblem[];
  deferred: { recipient: string; reason: string }[];
  noEmail: string[];
  carriedOver: number;
  recovery: { sent: number; requeued: number; unconfirmed: MailProblem[] } | null;
  scan: { warnings: string[] } | null;
}

/** A Chinese account of a run, for the menu's dialog and the CLI. */
export function describeRun(result: RunAccount): string {
  if (!result.ran) return "另一次提醒检查正在运行，本次未执行（等待超过30秒）。";
  const date = chineseDate(result.today);
  const names = (list: { recipient: string }[]) => list.map((u) => u.recipient).join("、");
  const units = result.sent.filter((s) => !s.summary);
  const summaries = result.sent.filter((s) => s.summary);
  const rec = result.recovery;
  const unconfirmed = [...(rec ? rec.unconfirmed : []), ...result.unconfirmed];
  const lines: string[] = rec
    ? [
        `上次运行中断，已核对：已发出 ${rec.sent} 封，补发 ${rec.requeued} 封，待确认 ${rec.unconfirmed.length} 封。`,
      ]
    : [];
  if (
    result.sent.length + result.deferred.length + result.failed.length + unconfirmed.length ===
    0
  ) {
    lines.push(`${date}：今天没有需要发送的提醒（已发送过的不再重复发送）。`);
  } else {
    lines.push(
      `${date}：发送提醒邮件 ${result.sent.length} 封（单位 ${units.length} 封，汇总 ${summaries.length} 封）。`,
    );
    if (units.length > 0) lines.push(`已提醒单位：${names(units)}`);
    if (summaries.length > 0) lines.push(`已发送汇总：${names(summaries)}`);
  }
  if (result.carriedOver > 0) lines.push(`其中补发以前未发出的提醒 ${result.carriedOver} 项。`);
  for (const [title, list] of [
    [`发送失败 ${result.failed.length} 封（下次运行时重试）`, result.failed],
    [
      `待确认 ${unconfirmed.length} 封（已交给邮件服务器但未获确认，可能已送达，不会自动重发；${UNCONFIRMED_HINT}）`,
      unconfirmed,
    ],
  ] as const)
    if (list.length)
      lines.push(`${title}：`, ...list.map((u) => `  ${u.recipient}（${u.to}）：${u.reason}`));
  if (result.deferred.length > 0)
    lines.push(
      `待发送 ${result.deferred.length} 封：${[...new Set(result.deferred.map((d) => d.reason))].join("；")}。`,
    );
  if (result.noEmail.length > 0)
    lines.push(`未填写联系邮箱、无法提醒的单位：${result.noEmail.join("、")}`);
  const warnings = result.scan ? result.scan.warnings : [];
  if (warnings.length > 0)
    lines.push(
      `无法判断的记录 ${warnings.length} 条，请运行检查：${warnings.slice(0, 3).join("；")}`,
    );
  return lines.join("\n");
}
