/**
 * The State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知), as the
 * government and the newspapers print it, read into 节假日 rows: every 休 day of each holiday
 * block (weekends inside it included) and every 上班 day, with the holiday's name.
 *
 * The text varies over the years: 放假调休 / 放假公休 / 调休放假 / 补休, 至 or — between the
 * days, 星期六 or 周六, 农历 annotations in parentheses, "1月1日放假，与周末连休", "放假1天，不调休",
 * dates of the previous December (2022年12月31日至2023年1月2日), and the long 2008 form whose
 * 其中 sentence explains each 公休日调至. The reader checks itself and refuses, naming the
 * sentence, rather than guess: the days of a block must equal its 共N天, every 上班 day must be a
 * weekend, a 星期/周 annotation must be the date's weekday, and the year in the title must be the
 * year the body arranges.
 */
import { type Day, dayFromYmd, isValidYmd, isoFromDay, weekday } from "../rules/dates";
import { InputError } from "../rules/errors";

export interface HolidayBlock {
  /** 元旦, 春节, 中秋节、国庆节 … as the notice names it. */
  name: string;
  /** Every day off of the block, weekends inside it included. */
  days: Day[];
  /** Make-up working days (调休上班) the notice gives for this holiday. */
  workdays: Day[];
  /** The sentence the block was read from. */
  sentence: string;
}

export interface HolidayNotice {
  year: number;
  blocks: HolidayBlock[];
}

export interface NoticeEntry {
  day: Day;
  type: "休" | "班";
  name: string;
}

const WEEKDAYS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const WEEKDAY_NAMES = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
function refuse(sentence: string, why: string): never {
  const shown = sentence.length > 80 ? sentence.slice(0, 80) + "…" : sentence;
  throw new InputError(`无法读取通知中的“${shown}”：${why}`);
}

/**
 * The text as one line: full-width forms to ASCII (（）：，；), spaces and line breaks gone (a
 * newspaper breaks lines anywhere; Chinese has no spaces between words).
 */
function flatten(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/[〜～~－–]/g, "-");
}

interface DateToken {
  /** Index in the clause. */
  at: number;
  year?: number;
  month?: number;
  day: number;
  /** The weekday an annotation such as (星期六) or (农历除夕、周二) gives. */
  weekday?: number;
}

const DATE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?/g;

function dateTokens(clause: string): DateToken[] {
  const tokens: DateToken[] = [];
  for (const m of clause.matchAll(DATE)) {
    const note = m[4] ?? "";
    const wd = /(?:星期|周)([日天一二三四五六])/.exec(note);
    tokens.push({
      at: m.index ?? 0,
      ...(m[1] ? { year: Number(m[1]) } : {}),
      ...(m[2] ? { month: Number(m[2]) } : {}),
      day: Number(m[3]),
      ...(wd ? { weekday: WEEKDAYS[wd[1]] } : {}),
    });
  }
  return tokens;
}

/** Resolves the year and month of dates that leave them out (至19日, 、21日), in reading order. */
class DateReader {
  private year: number;
  private month = 0;
  constructor(
    private readonly noticeYear: number,
    /** The section names a December date of the year before (元旦 of 2008, 2012, 2023). */
    private readonly previousDecember: boolean,
  ) {
    this.year = noticeYear;
  }

  read(token: DateToken, sentence: string): Day {
    if (token.month !== undefined) {
      this.month = token.month;
      this.year =
        token.year ??
        (token.month === 12 && this.previousDecember ? this.noticeYear - 1 : this.noticeYear);
    } else if (token.year !== undefined) {
      refuse(sentence, `“${token.day}日”缺少月份`);
    }
    if (this.month === 0) refuse(sentence, `“${token.day}日”前没有月份`);
    if (this.year !== this.noticeYear && this.year !== this.noticeYear - 1) {
      refuse(sentence, `年份 ${this.year} 与通知的 ${this.noticeYear} 年不符`);
    }
    if (!isValidYmd(this.year, this.month, token.day)) {
      refuse(sentence, `${this.year}年${this.month}月${token.day}日不是真实存在的日期`);
    }
    const day = dayFromYmd(this.year, this.month, token.day);
    if (token.weekday !== undefined && token.weekday !== weekday(day)) {
      refuse(
        sentence,
        `${this.month}月${token.day}日注明是${WEEKDAY_NAMES[token.weekday]}，但${this.year}年的这一天是${WEEKDAY_NAMES[weekday(day)]}，请核对通知的年份`,
      );
    }
    return day;
  }
}

const ORDINAL_HEADING = /(?:^|[。:])([一二三四五六七八九十]{1,2})、([^:。]{1,24}?):/g;

interface Section {
  name: string;
  body: string;
}

/** The numbered sections 一、元旦：… 二、春节：…, each up to the next heading. */
function sections(text: string): Section[] {
  const heads = [...text.matchAll(ORDINAL_HEADING)].filter((m) => /节|元旦|纪念日|春节/.test(m[2]));
  return heads.map((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < heads.length ? (heads[i + 1].index ?? text.length) + 1 : text.length;
    return { name: m[2].replace(/[“”"「」]/g, ""), body: text.slice(start, end) };
  });
}

/** The notice's year from its title, checked against the year the body arranges. */
function noticeYear(text: string): number {
  const title = /关于(\d{4})年部分节假日安排的通知/.exec(text);
  const body = /(\d{4})年,?元旦、/.exec(text);
  if (!title && !body) {
    throw new InputError(
      "没有找到通知的标题“国务院办公厅关于YYYY年部分节假日安排的通知”：请粘贴通知的全文",
    );
  }
  if (title && body && title[1] !== body[1]) {
    refuse(body[0], `标题是${title[1]}年的通知，正文却安排${body[1]}年的节假日`);
  }
  return Number((title ?? body)![1]);
}

/** Every day from `a` to `b`, inclusive. */
function span(a: Day, b: Day): Day[] {
  const days: Day[] = [];
  for (let d = a; d <= b; d++) days.push(d);
  return days;
}

const isWeekend = (d: Day) => weekday(d) === 0 || weekday(d) === 6;

/** Read a notice's text; InputError naming the sentence when any part cannot be read for sure. */
export function parseHolidayNotice(text: string): HolidayNotice {
  const flat = flatten(text);
  const year = noticeYear(flat);
  const found = sections(flat);
  if (found.length === 0) {
    throw new InputError("没有找到“一、元旦：……放假……”这样的分项安排：请粘贴通知的全文");
  }
  const blocks: HolidayBlock[] = [];
  for (const section of found) {
    const reader = new DateReader(year, new RegExp(`${year - 1}年12月`).test(section.body));
    const block: HolidayBlock = {
      name: section.name,
      days: [],
      workdays: [],
      sentence: "",
    };
    for (const raw of section.body.split("。")) {
      if (!raw) continue;
      const sentence = `${section.name}:${raw}。`;
      // Annotations may hold 至 or 、 (即农历除夕至正月初六; 农历腊月二十八、周日): dates keep
      // theirs for the weekday check, everything else in parentheses goes.
      const clauses = raw
        .replace(/(\d日)\(([^)]*)\)/g, "$1⟨$2⟩")
        .replace(/\([^)]*\)/g, "")
        .replace(/⟨([^⟩]*)⟩/g, "($1)")
        .split(/[,;:]/);
      let blockDays: Day[] | null = null;
      const extra: Day[] = [];
      let weekendJoined = false;
      for (const clause of clauses) {
        const tokens = dateTokens(clause);
        const days = tokens.map((t) => reader.read(t, sentence));
        const bare = clause.replace(/\([^)]*\)/g, "");
        if (/上班$/.test(bare) && !/照常上班$/.test(bare)) {
          if (days.length === 0) refuse(sentence, "放假日期读不准");
          for (const d of days) {
            if (!isWeekend(d)) {
              refuse(sentence, `上班日 ${isoFromDay(d)} 是${WEEKDAY_NAMES[weekday(d)]}，不是周末`);
            }
          }
          block.workdays.push(...days);
          continue;
        }
        if (/调至|为法定节假日|为公休日|照常公休/.test(bare)) continue;
        if (/补休$/.test(bare)) {
          // 4月5日放假，4月6日（星期一）补休: the block runs on to the day in lieu.
          extra.push(...days);
          continue;
        }
        if (/放假/.test(bare)) {
          if (days.length === 0) continue;
          const range = /日[至\-—到]/.test(bare);
          if (range && days.length !== 2) {
            refuse(sentence, `放假日期读不准`);
          }
          if (!range && days.length !== 1) {
            refuse(sentence, `放假日期读不准`);
          }
          if (blockDays) refuse(sentence, "放假日期读不准");
          const [from, to] = range ? days : [days[0], days[0]];
          if (to < from) {
            refuse(sentence, `放假结束日 ${isoFromDay(to)} 早于开始日 ${isoFromDay(from)}`);
          }
          blockDays = span(from, to);
        }
        if (/与周.连休/.test(bare)) weekendJoined = true;
      }
      if (!blockDays) {
        if (extra.length) refuse(sentence, "放假日期读不准");
        continue;
      }
      if (extra.length) {
        const all = [...blockDays, ...extra];
        blockDays = span(Math.min(...all), Math.max(...all));
      }
      if (weekendJoined) {
        // A single day beside a weekend: Monday joins the Saturday and Sunday before it,
        // Friday those after it.
        const first = blockDays[0];
        const last = blockDays[blockDays.length - 1];
        if (weekday(first) === 1) blockDays = [first - 2, first - 1, ...blockDays];
        else if (weekday(last) === 5) blockDays = [...blockDays, last + 1, last + 2];
        else refuse(sentence, `“与周末连休”的 ${isoFromDay(first)} 不是周一或周五`);
      }
      const total = /共(\d+)天/.exec(raw) ?? /放假(\d+)天/.exec(raw);
      if (total) {
        const n = Number(total[1]);
        if (n !== blockDays.length) {
          refuse(
            sentence,
            `放假日期 ${isoFromDay(blockDays[0])} 至 ${isoFromDay(blockDays[blockDays.length - 1])} 共 ${blockDays.length} 天，与“${total[0]}”不符`,
          );
        }
      }
      if (block.days.length) refuse(sentence, `放假日期读不准`);
      block.days = blockDays;
      block.sentence = sentence;
    }
    if (block.days.length === 0) {
      refuse(`${section.name}:${section.body}`, `没有读到「${section.name}」的放假日期`);
    }
    blocks.push(block);
  }
  // A day cannot be both off and worked, nor in two blocks.
  const seen = new Map<Day, string>();
  for (const b of blocks) {
    for (const d of [...b.days, ...b.workdays]) {
      const other = seen.get(d);
      if (other) refuse(b.sentence, `${isoFromDay(d)} 同时出现在「${other}」和「${b.name}」中`);
      seen.set(d, b.name);
    }
  }
  return { year, blocks };
}

/** The 节假日 rows of a notice, by date. */
export function noticeEntries(notice: HolidayNotice): NoticeEntry[] {
  const entries: NoticeEntry[] = [];
  for (const b of notice.blocks) {
    for (const day of b.days) entries.push({ day, type: "休", name: b.name });
    for (const day of b.workdays) entries.push({ day, type: "班", name: b.name });
  }
  return entries.sort((a, b) => a.day - b.day);
}
