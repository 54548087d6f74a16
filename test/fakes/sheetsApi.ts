/**
 * An in-memory Sheets advanced service (v4, the global `Sheets`) for the unit spreadsheets:
 * Spreadsheets.create, Spreadsheets.batchUpdate (updateCells, appendDimension) and
 * Spreadsheets.Values.batchGet, as the Sheets API reference describes them
 * (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets).
 *
 * What it enforces, because the sync is designed around it:
 * - Per-minute quotas (https://developers.google.com/workspace/sheets/api/limits): read requests
 *   300 per minute per project and 60 per minute per user per project; write requests the same.
 *   "Read requests are calls to any method that retrieves data from a spreadsheet, such as get"
 *   (values.batchGet); "write requests are calls to any method that changes a spreadsheet"
 *   (create, batchUpdate). A batch request counts once, whatever it holds. Past a limit the call
 *   fails as Apps Script reports an HTTP 429 from an advanced service. The window slides over
 *   the last 60 s of the fake clock (stricter than a minute refilled at once).
 * - drive.file: the script opens only spreadsheets it created; any other id answers
 *   "Requested entity was not found." (the API's 404). Created spreadsheets are registered with
 *   the Drive fake as the app's files, so Drive.Files.update / Permissions.create see them.
 * - Grid limits: updateCells past the sheet's rowCount fails ("exceeds grid limits") unless an
 *   appendDimension grew the sheet first, as in the API.
 * - Every call advances the fake clock by a modelled latency (LATENCY_MS), so a test or the bench
 *   can read how long a sync takes and whether it stays inside the 6-minute run.
 *
 * Values are stored as the API stores userEnteredValue: numbers, strings, booleans; a date is a
 * serial number in a date-formatted column. batchGet answers with UNFORMATTED_VALUE and
 * SERIAL_NUMBER, trailing empty rows and columns left out as the API does.
 */
import type { FakeDrive } from "./drive";

export const SHEETS_LIMITS = {
  readPerUserPerMinute: 60,
  writePerUserPerMinute: 60,
  readPerProjectPerMinute: 300,
  writePerProjectPerMinute: 300,
} as const;

/** Modelled latency of each call (ms), from typical Apps Script advanced-service timings. */
export const LATENCY_MS = {
  create: 2500,
  batchUpdate: 900,
  batchGet: 600,
} as const;

export const SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet";

type Value = string | number | boolean;

interface CellData {
  userEnteredValue?: { stringValue?: string; numberValue?: number; boolValue?: boolean };
  dataValidation?: unknown;
  userEnteredFormat?: unknown;
}
interface GridData {
  startRow?: number;
  startColumn?: number;
  rowData?: { values?: CellData[] }[];
  columnMetadata?: { hiddenByUser?: boolean; pixelSize?: number }[];
}
export interface FakeProtectedRange {
  range: {
    sheetId: number;
    startRowIndex?: number;
    endRowIndex?: number;
    startColumnIndex?: number;
    endColumnIndex?: number;
  };
  description?: string;
  warningOnly?: boolean;
  editors?: { users?: string[] };
}
export interface SheetResource {
  properties: {
    sheetId: number;
    title: string;
    hidden?: boolean;
    gridProperties?: { rowCount?: number; columnCount?: number; frozenRowCount?: number };
  };
  data?: GridData[];
  protectedRanges?: FakeProtectedRange[];
}
export interface SpreadsheetResource {
  properties: { title: string; locale?: string; timeZone?: string };
  sheets: SheetResource[];
}

export interface FakeSheet {
  sheetId: number;
  title: string;
  hidden: boolean;
  rowCount: number;
  columnCount: number;
  cells: (Value | null)[][];
  validations: Map<string, unknown>;
  hiddenColumns: Set<number>;
  protectedRanges: FakeProtectedRange[];
}

export interface FakeSpreadsheetFile {
  id: string;
  title: string;
  timeZone: string;
  sheets: FakeSheet[];
}

export type SheetsRequest =
  | {
      updateCells: {
        start: { sheetId: number; rowIndex: number; columnIndex: number };
        rows: { values?: CellData[] }[];
        fields: string;
      };
    }
  | { appendDimension: { sheetId: number; dimension: "ROWS" | "COLUMNS"; length: number } };

/** The part of the Sheets v4 advanced service the project calls (Apps Script's signatures). */
export interface FakeSheetsApi {
  Spreadsheets: {
    create(resource: SpreadsheetResource): {
      spreadsheetId: string;
      spreadsheetUrl: string;
      sheets: { properties: { sheetId: number; title: string } }[];
    };
    batchUpdate(
      resource: { requests: SheetsRequest[] },
      spreadsheetId: string,
    ): { replies: object[] };
    Values: {
      batchGet(
        spreadsheetId: string,
        optionalArgs: {
          ranges: string[];
          valueRenderOption?: string;
          dateTimeRenderOption?: string;
        },
      ): { spreadsheetId: string; valueRanges: { range: string; values?: Value[][] }[] };
    };
  };
}

export class FakeSheets {
  readonly files = new Map<string, FakeSpreadsheetFile>();
  readonly calls = new Map<string, number>();
  /** Instants (ms) of read and write requests, per user, for the per-minute quotas. */
  private readonly reads: { at: number; user: string }[] = [];
  private readonly writes: { at: number; user: string }[] = [];
  private seq = 0;
  /** Throw this error on the nth batchUpdate from now (a run cut off midway); 0 = never. */
  failBatchUpdateAfter = 0;

  constructor(
    readonly clock: { now: Date },
    private readonly drive: FakeDrive | null = null,
    /** The user making the calls (the script's effective user). */
    public user = "admin@example.gov.cn",
  ) {}

  private hit(name: string, latency: number): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    this.clock.now = new Date(this.clock.now.getTime() + latency);
  }

  /** Record a request against the per-minute quotas, or throw as Apps Script does on a 429. */
  private quota(kind: "read" | "write", method: string): void {
    const log = kind === "read" ? this.reads : this.writes;
    const now = this.clock.now.getTime();
    const recent = log.filter((r) => now - r.at < 60_000);
    const perUser = recent.filter((r) => r.user === this.user).length;
    const userLimit =
      kind === "read" ? SHEETS_LIMITS.readPerUserPerMinute : SHEETS_LIMITS.writePerUserPerMinute;
    const projectLimit =
      kind === "read"
        ? SHEETS_LIMITS.readPerProjectPerMinute
        : SHEETS_LIMITS.writePerProjectPerMinute;
    const metric = kind === "read" ? "Read requests" : "Write requests";
    if (perUser >= userLimit || recent.length >= projectLimit) {
      const limit = perUser >= userLimit ? `${metric} per minute per user` : `${metric} per minute`;
      throw new Error(
        `API call to sheets.${method} failed with error: Quota exceeded for quota metric '${metric}' and limit '${limit}' of service 'sheets.googleapis.com'`,
      );
    }
    log.push({ at: now, user: this.user });
  }

  /** The most requests of a kind in any 60 s window so far (a test's check of the pacing). */
  peakPerMinute(kind: "read" | "write"): number {
    const log = (kind === "read" ? this.reads : this.writes).map((r) => r.at);
    let peak = 0;
    for (let i = 0; i < log.length; i++) {
      let n = 0;
      for (let j = i; j < log.length && log[j] - log[i] < 60_000; j++) n++;
      peak = Math.max(peak, n);
    }
    return peak;
  }

  private open(method: string, id: string): FakeSpreadsheetFile {
    const file = this.files.get(id);
    if (!file) {
      throw new Error(
        `API call to sheets.${method} failed with error: Requested entity was not found.`,
      );
    }
    return file;
  }

  private sheetById(file: FakeSpreadsheetFile, sheetId: number): FakeSheet {
    const sheet = file.sheets.find((s) => s.sheetId === sheetId);
    if (!sheet)
      throw new Error(
        `API call to sheets.spreadsheets.batchUpdate failed with error: No grid with id: ${sheetId}`,
      );
    return sheet;
  }

  private static valueOf(cell: CellData | undefined): Value | null {
    const v = cell?.userEnteredValue;
    if (!v) return null;
    if (v.stringValue !== undefined) return v.stringValue === "" ? null : v.stringValue;
    if (v.numberValue !== undefined) return v.numberValue;
    if (v.boolValue !== undefined) return v.boolValue;
    return null;
  }

  private write(
    sheet: FakeSheet,
    row: number,
    column: number,
    rows: { values?: CellData[] }[],
  ): void {
    rows.forEach((r, i) => {
      (r.values ?? []).forEach((cell, j) => {
        const rr = row + i;
        const cc = column + j;
        if (rr >= sheet.rowCount || cc >= sheet.columnCount) {
          throw new Error(
            `API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests[0].updateCells: Range ('${sheet.title}'!R${rr + 1}C${cc + 1}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
          );
        }
        const line = sheet.cells[rr] ?? (sheet.cells[rr] = []);
        line[cc] = FakeSheets.valueOf(cell);
        if (cell.dataValidation) sheet.validations.set(`${rr},${cc}`, cell.dataValidation);
      });
    });
  }

  /** A person types into a unit spreadsheet (the UI: no API quota). */
  type(id: string, title: string, row: number, column: number, value: Value | null): void {
    const sheet = this.sheet(id, title);
    const line = sheet.cells[row - 1] ?? (sheet.cells[row - 1] = []);
    line[column - 1] = value;
  }

  /** Test helper: a sheet of a spreadsheet by title. */
  sheet(id: string, title: string): FakeSheet {
    const sheet = this.files.get(id)?.sheets.find((s) => s.title === title);
    if (!sheet) throw new Error(`no sheet ${title} in ${id}`);
    return sheet;
  }

  /** Test helper: a sheet's values as batchGet returns them. */
  values(id: string, title: string): Value[][] {
    const rows = this.sheet(id, title).cells.map((r) =>
      (r ?? []).map((v) => (v === null || v === undefined ? "" : v)),
    );
    for (const r of rows) while (r.length && r[r.length - 1] === "") r.pop();
    while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
    for (let i = 0; i < rows.length; i++) rows[i] = rows[i] ?? [];
    return rows;
  }

  readonly api: FakeSheetsApi = {
    Spreadsheets: {
      create: (resource) => {
        this.quota("write", "spreadsheets.create");
        this.hit("Sheets.Spreadsheets.create", LATENCY_MS.create);
        const id = `ss${++this.seq}`;
        const file: FakeSpreadsheetFile = {
          id,
          title: resource.properties.title,
          timeZone: resource.properties.timeZone ?? "America/Los_Angeles",
          sheets: [],
        };
        const ids = new Set<number>();
        for (const s of resource.sheets) {
          if (ids.has(s.properties.sheetId))
            throw new Error(`duplicate sheetId ${s.properties.sheetId}`);
          ids.add(s.properties.sheetId);
          const sheet: FakeSheet = {
            sheetId: s.properties.sheetId,
            title: s.properties.title,
            hidden: s.properties.hidden ?? false,
            rowCount: s.properties.gridProperties?.rowCount ?? 1000,
            columnCount: s.properties.gridProperties?.columnCount ?? 26,
            cells: [],
            validations: new Map(),
            hiddenColumns: new Set(),
            protectedRanges: [],
          };
          for (const data of s.data ?? []) {
            this.write(sheet, data.startRow ?? 0, data.startColumn ?? 0, data.rowData ?? []);
            (data.columnMetadata ?? []).forEach((m, j) => {
              if (m.hiddenByUser) sheet.hiddenColumns.add((data.startColumn ?? 0) + j);
            });
          }
          for (const p of s.protectedRanges ?? []) {
            if (p.range.sheetId !== sheet.sheetId)
              throw new Error("protected range of another sheet");
            sheet.protectedRanges.push(p);
          }
          file.sheets.push(sheet);
        }
        this.files.set(id, file);
        this.drive?.addAppFile(id, file.title, SPREADSHEET_MIME);
        return {
          spreadsheetId: id,
          spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${id}/edit`,
          sheets: file.sheets.map((s) => ({ properties: { sheetId: s.sheetId, title: s.title } })),
        };
      },
      batchUpdate: (resource, spreadsheetId) => {
        this.quota("write", "spreadsheets.batchUpdate");
        this.hit("Sheets.Spreadsheets.batchUpdate", LATENCY_MS.batchUpdate);
        if (this.failBatchUpdateAfter > 0 && --this.failBatchUpdateAfter === 0) {
          throw new Error("Exceeded maximum execution time");
        }
        const file = this.open("spreadsheets.batchUpdate", spreadsheetId);
        // All requests of a batch are applied atomically: work on a copy, then swap it in.
        const copy: FakeSheet[] = file.sheets.map((s) => ({
          ...s,
          cells: s.cells.map((r) => (r ? r.slice() : r)),
          validations: new Map(s.validations),
        }));
        const staged = { ...file, sheets: copy };
        const replies: object[] = [];
        for (const request of resource.requests) {
          if ("updateCells" in request) {
            const { start, rows, fields } = request.updateCells;
            if (
              !fields
                .split(",")
                .every((f) => f === "userEnteredValue" || f === "userEnteredFormat.numberFormat")
            )
              throw new Error(`fake Sheets: fields ${fields} not modelled`);
            this.write(
              this.sheetById(staged, start.sheetId),
              start.rowIndex,
              start.columnIndex,
              rows,
            );
          } else if ("appendDimension" in request) {
            const { sheetId, dimension, length } = request.appendDimension;
            const sheet = this.sheetById(staged, sheetId);
            if (dimension === "ROWS") sheet.rowCount += length;
            else sheet.columnCount += length;
          } else {
            throw new Error(`fake Sheets: request ${Object.keys(request).join(",")} not modelled`);
          }
          replies.push({});
        }
        file.sheets = copy;
        return { replies };
      },
      Values: {
        batchGet: (spreadsheetId, optionalArgs) => {
          this.quota("read", "spreadsheets.values.batchGet");
          this.hit("Sheets.Spreadsheets.Values.batchGet", LATENCY_MS.batchGet);
          const file = this.open("spreadsheets.values.batchGet", spreadsheetId);
          if (
            optionalArgs.valueRenderOption !== "UNFORMATTED_VALUE" ||
            optionalArgs.dateTimeRenderOption !== "SERIAL_NUMBER"
          ) {
            throw new Error("fake Sheets: only UNFORMATTED_VALUE with SERIAL_NUMBER is modelled");
          }
          return {
            spreadsheetId,
            valueRanges: optionalArgs.ranges.map((range) => {
              const m = /^'((?:[^']|'')+)'$/.exec(range);
              if (!m)
                throw new Error(`fake Sheets: range ${range} not modelled (whole sheets only)`);
              const title = m[1].replace(/''/g, "'");
              if (!file.sheets.some((s) => s.title === title)) {
                throw new Error(
                  `API call to sheets.spreadsheets.values.batchGet failed with error: Unable to parse range: ${range}`,
                );
              }
              const values = this.values(spreadsheetId, title);
              return values.length ? { range, values } : { range };
            }),
          };
        },
      },
    },
  };
}
