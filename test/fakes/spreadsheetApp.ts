/**
 * An in-memory SpreadsheetApp with the Sheets behaviour the adapters depend on: a string
 * written with a leading "=" becomes a formula unless it starts with an apostrophe, values
 * keep their types (Dates stay Dates), ranges must lie inside the sheet's dimensions (as in
 * Sheets, where setValues beyond getMaxRows() throws), data validation and conditional format
 * builders, warning-only protections, frozen rows, widths, number formats, notes.
 *
 * Every service method call increments `calls[name]` (e.g. "Range.setValues") and `total`,
 * so tests can assert how many calls a workflow makes.
 */

export type FakeValue = string | number | boolean | Date;

export interface CallCounter {
  calls: Record<string, number>;
  total: number;
}

function newCounter(): CallCounter {
  return { calls: {}, total: 0 };
}

/** Criteria type names, as String(SpreadsheetApp.BooleanCriteria.X) gives them. */
export const BooleanCriteria = {
  TEXT_STARTS_WITH: "TEXT_STARTS_WITH",
  CUSTOM_FORMULA: "CUSTOM_FORMULA",
  TEXT_CONTAINS: "TEXT_CONTAINS",
  CELL_EMPTY: "CELL_EMPTY",
} as const;

export const DataValidationCriteria = {
  VALUE_IN_LIST: "VALUE_IN_LIST",
  VALUE_IN_RANGE: "VALUE_IN_RANGE",
} as const;

export const ProtectionType = { RANGE: "RANGE", SHEET: "SHEET" } as const;

const key = (row: number, col: number): string => `${row},${col}`;

export function columnName(col: number): string {
  let s = "";
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export class FakeDataValidation {
  constructor(
    readonly criteriaType: string,
    readonly criteriaValues: unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
    private readonly counter: CallCounter,
  ) {}
  private count(name: string): void {
    this.counter.calls["DataValidation." + name] =
      (this.counter.calls["DataValidation." + name] ?? 0) + 1;
    this.counter.total++;
  }
  getCriteriaType(): string {
    this.count("getCriteriaType");
    return this.criteriaType;
  }
  getCriteriaValues(): unknown[] {
    this.count("getCriteriaValues");
    return this.criteriaValues;
  }
  getAllowInvalid(): boolean {
    this.count("getAllowInvalid");
    return this.allowInvalid;
  }
  getHelpText(): string {
    this.count("getHelpText");
    return this.helpText;
  }
  /** Plain form for snapshots and assertions. */
  toJSON(): object {
    return {
      type: this.criteriaType,
      values: this.criteriaValues,
      allowInvalid: this.allowInvalid,
      helpText: this.helpText,
    };
  }
}

export class FakeDataValidationBuilder {
  private type = "";
  private values: unknown[] = [];
  private allowInvalid = true;
  private helpText = "";
  constructor(private readonly counter: CallCounter) {}
  private count(name: string): void {
    this.counter.calls["DataValidationBuilder." + name] =
      (this.counter.calls["DataValidationBuilder." + name] ?? 0) + 1;
    this.counter.total++;
  }
  requireValueInList(values: string[], showDropdown: boolean = true): this {
    this.count("requireValueInList");
    this.type = DataValidationCriteria.VALUE_IN_LIST;
    this.values = [values.slice(), showDropdown];
    return this;
  }
  setAllowInvalid(allow: boolean): this {
    this.count("setAllowInvalid");
    this.allowInvalid = allow;
    return this;
  }
  setHelpText(text: string): this {
    this.count("setHelpText");
    this.helpText = text;
    return this;
  }
  build(): FakeDataValidation {
    this.count("build");
    if (!this.type) throw new Error("Data validation has no criteria");
    return new FakeDataValidation(
      this.type,
      this.values,
      this.allowInvalid,
      this.helpText,
      this.counter,
    );
  }
}

export interface RangeBox {
  sheet: string;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export class FakeBooleanCondition {
  constructor(
    readonly criteriaType: string,
    readonly criteriaValues: unknown[],
    readonly background: string | null,
    readonly fontColor: string | null,
  ) {}
  getCriteriaType(): string {
    return this.criteriaType;
  }
  getCriteriaValues(): unknown[] {
    return this.criteriaValues;
  }
  getBackground(): string | null {
    return this.background;
  }
  getFontColor(): string | null {
    return this.fontColor;
  }
}

export class FakeConditionalFormatRule {
  constructor(
    readonly condition: FakeBooleanCondition,
    readonly ranges: FakeRange[],
  ) {}
  getBooleanCondition(): FakeBooleanCondition {
    return this.condition;
  }
  getRanges(): FakeRange[] {
    return this.ranges;
  }
  toJSON(): object {
    return {
      type: this.condition.criteriaType,
      values: this.condition.criteriaValues,
      background: this.condition.background,
      fontColor: this.condition.fontColor,
      ranges: this.ranges.map((r) => r.box()),
    };
  }
}

export class FakeConditionalFormatRuleBuilder {
  private type = "";
  private values: unknown[] = [];
  private background: string | null = null;
  private fontColor: string | null = null;
  private ranges: FakeRange[] = [];
  constructor(private readonly counter: CallCounter) {}
  private count(name: string): void {
    this.counter.calls["ConditionalFormatRuleBuilder." + name] =
      (this.counter.calls["ConditionalFormatRuleBuilder." + name] ?? 0) + 1;
    this.counter.total++;
  }
  whenTextStartsWith(text: string): this {
    this.count("whenTextStartsWith");
    this.type = BooleanCriteria.TEXT_STARTS_WITH;
    this.values = [text];
    return this;
  }
  whenFormulaSatisfied(formula: string): this {
    this.count("whenFormulaSatisfied");
    this.type = BooleanCriteria.CUSTOM_FORMULA;
    this.values = [formula];
    return this;
  }
  setBackground(color: string | null): this {
    this.count("setBackground");
    this.background = color;
    return this;
  }
  setFontColor(color: string | null): this {
    this.count("setFontColor");
    this.fontColor = color;
    return this;
  }
  setRanges(ranges: FakeRange[]): this {
    this.count("setRanges");
    this.ranges = ranges.slice();
    return this;
  }
  build(): FakeConditionalFormatRule {
    this.count("build");
    if (!this.type) throw new Error("Conditional format rule has no condition");
    return new FakeConditionalFormatRule(
      new FakeBooleanCondition(this.type, this.values, this.background, this.fontColor),
      this.ranges,
    );
  }
}

export class FakeProtection {
  description = "";
  warningOnly = false;
  removed = false;
  constructor(
    private range: FakeRange,
    private readonly counter: CallCounter,
  ) {}
  private count(name: string): void {
    this.counter.calls["Protection." + name] = (this.counter.calls["Protection." + name] ?? 0) + 1;
    this.counter.total++;
  }
  setDescription(text: string): this {
    this.count("setDescription");
    this.description = text;
    return this;
  }
  getDescription(): string {
    this.count("getDescription");
    return this.description;
  }
  setWarningOnly(warningOnly: boolean): this {
    this.count("setWarningOnly");
    this.warningOnly = warningOnly;
    return this;
  }
  isWarningOnly(): boolean {
    this.count("isWarningOnly");
    return this.warningOnly;
  }
  getRange(): FakeRange {
    this.count("getRange");
    return this.range;
  }
  setRange(range: FakeRange): this {
    this.count("setRange");
    this.range = range;
    return this;
  }
  getProtectionType(): string {
    this.count("getProtectionType");
    return ProtectionType.RANGE;
  }
  remove(): void {
    this.count("remove");
    this.removed = true;
    this.range.sheetObject.protections = this.range.sheetObject.protections.filter(
      (p) => p !== this,
    );
  }
  toJSON(): object {
    return {
      description: this.description,
      warningOnly: this.warningOnly,
      range: this.range.box(),
    };
  }
}

export class FakeRange {
  constructor(
    readonly sheetObject: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {
    if (row < 1 || column < 1 || numRows < 1 || numColumns < 1) {
      throw new Error(
        `The coordinates or dimensions of the range are invalid (${row},${column},${numRows},${numColumns})`,
      );
    }
    if (
      row + numRows - 1 > sheetObject.maxRows ||
      column + numColumns - 1 > sheetObject.maxColumns
    ) {
      throw new Error("The coordinates of the range are outside the dimensions of the sheet.");
    }
  }
  private count(name: string): void {
    this.sheetObject.count("Range." + name);
  }
  box(): RangeBox {
    return {
      sheet: this.sheetObject.name,
      row: this.row,
      column: this.column,
      numRows: this.numRows,
      numColumns: this.numColumns,
    };
  }
  private each(fn: (r: number, c: number, i: number, j: number) => void): void {
    for (let i = 0; i < this.numRows; i++) {
      for (let j = 0; j < this.numColumns; j++) fn(this.row + i, this.column + j, i, j);
    }
  }
  private checkShape(values: unknown[][]): void {
    if (values.length !== this.numRows) {
      throw new Error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.numRows}.`,
      );
    }
    for (const row of values) {
      if (row.length !== this.numColumns) {
        throw new Error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.numColumns}.`,
        );
      }
    }
  }
  getSheet(): FakeSheet {
    this.count("getSheet");
    return this.sheetObject;
  }
  getRow(): number {
    this.count("getRow");
    return this.row;
  }
  getColumn(): number {
    this.count("getColumn");
    return this.column;
  }
  getNumRows(): number {
    this.count("getNumRows");
    return this.numRows;
  }
  getNumColumns(): number {
    this.count("getNumColumns");
    return this.numColumns;
  }
  getLastRow(): number {
    this.count("getLastRow");
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    this.count("getLastColumn");
    return this.column + this.numColumns - 1;
  }
  getA1Notation(): string {
    this.count("getA1Notation");
    const first = columnName(this.column) + this.row;
    if (this.numRows === 1 && this.numColumns === 1) return first;
    return `${first}:${columnName(this.column + this.numColumns - 1)}${this.row + this.numRows - 1}`;
  }
  getValues(): FakeValue[][] {
    this.count("getValues");
    const out: FakeValue[][] = [];
    for (let i = 0; i < this.numRows; i++) {
      const line: FakeValue[] = new Array(this.numColumns);
      for (let j = 0; j < this.numColumns; j++)
        line[j] = this.sheetObject.valueAt(this.row + i, this.column + j);
      out.push(line);
    }
    return out;
  }
  getValue(): FakeValue {
    this.count("getValue");
    return this.sheetObject.valueAt(this.row, this.column);
  }
  setValues(values: unknown[][]): this {
    this.count("setValues");
    this.checkShape(values);
    this.each((r, c, i, j) => this.sheetObject.enter(r, c, values[i][j]));
    return this;
  }
  setValue(value: unknown): this {
    this.count("setValue");
    this.each((r, c) => this.sheetObject.enter(r, c, value));
    return this;
  }
  getFormulas(): string[][] {
    this.count("getFormulas");
    const out: string[][] = [];
    for (let i = 0; i < this.numRows; i++) {
      const line: string[] = [];
      for (let j = 0; j < this.numColumns; j++) {
        line.push(this.sheetObject.formulas.get(key(this.row + i, this.column + j)) ?? "");
      }
      out.push(line);
    }
    return out;
  }
  getFormula(): string {
    this.count("getFormula");
    return this.sheetObject.formulas.get(key(this.row, this.column)) ?? "";
  }
  setFormula(formula: string): this {
    this.count("setFormula");
    // As in Sheets, an empty formula clears the cell.
    this.each((r, c) =>
      this.sheetObject.enter(
        r,
        c,
        formula === "" || formula.startsWith("=") ? formula : "=" + formula,
      ),
    );
    return this;
  }
  clearContent(): this {
    this.count("clearContent");
    this.each((r, c) => {
      this.sheetObject.values.delete(key(r, c));
      this.sheetObject.formulas.delete(key(r, c));
    });
    return this;
  }
  setNumberFormat(format: string): this {
    this.count("setNumberFormat");
    this.each((r, c) => this.sheetObject.formats.set(key(r, c), format));
    return this;
  }
  getNumberFormat(): string {
    this.count("getNumberFormat");
    return this.sheetObject.formats.get(key(this.row, this.column)) ?? "General";
  }
  getNumberFormats(): string[][] {
    this.count("getNumberFormats");
    const out: string[][] = [];
    for (let i = 0; i < this.numRows; i++) {
      const line: string[] = [];
      for (let j = 0; j < this.numColumns; j++) {
        line.push(this.sheetObject.formats.get(key(this.row + i, this.column + j)) ?? "General");
      }
      out.push(line);
    }
    return out;
  }
  setDataValidation(rule: FakeDataValidation | null): this {
    this.count("setDataValidation");
    this.each((r, c) => {
      if (rule) this.sheetObject.validations.set(key(r, c), rule);
      else this.sheetObject.validations.delete(key(r, c));
    });
    return this;
  }
  getDataValidation(): FakeDataValidation | null {
    this.count("getDataValidation");
    return this.sheetObject.validations.get(key(this.row, this.column)) ?? null;
  }
  setFontWeight(weight: string | null): this {
    this.count("setFontWeight");
    this.each((r, c) => this.sheetObject.fontWeights.set(key(r, c), weight ?? "normal"));
    return this;
  }
  setBackground(color: string | null): this {
    this.count("setBackground");
    this.each((r, c) => this.sheetObject.backgrounds.set(key(r, c), color ?? "#ffffff"));
    return this;
  }
  setBackgrounds(colors: (string | null)[][]): this {
    this.count("setBackgrounds");
    this.checkShape(colors);
    this.each((r, c, i, j) =>
      this.sheetObject.backgrounds.set(key(r, c), colors[i][j] ?? "#ffffff"),
    );
    return this;
  }
  getBackgrounds(): string[][] {
    this.count("getBackgrounds");
    const out: string[][] = [];
    for (let i = 0; i < this.numRows; i++) {
      const line: string[] = [];
      for (let j = 0; j < this.numColumns; j++) {
        line.push(
          this.sheetObject.backgrounds.get(key(this.row + i, this.column + j)) ?? "#ffffff",
        );
      }
      out.push(line);
    }
    return out;
  }
  setNote(note: string | null): this {
    this.count("setNote");
    this.each((r, c) => {
      if (note) this.sheetObject.notes.set(key(r, c), note);
      else this.sheetObject.notes.delete(key(r, c));
    });
    return this;
  }
  setNotes(notes: (string | null)[][]): this {
    this.count("setNotes");
    this.checkShape(notes);
    this.each((r, c, i, j) => {
      const note = notes[i][j];
      if (note) this.sheetObject.notes.set(key(r, c), note);
      else this.sheetObject.notes.delete(key(r, c));
    });
    return this;
  }
  getNotes(): string[][] {
    this.count("getNotes");
    const out: string[][] = [];
    for (let i = 0; i < this.numRows; i++) {
      const line: string[] = [];
      for (let j = 0; j < this.numColumns; j++) {
        line.push(this.sheetObject.notes.get(key(this.row + i, this.column + j)) ?? "");
      }
      out.push(line);
    }
    return out;
  }
  protect(): FakeProtection {
    this.count("protect");
    const protection = new FakeProtection(this, this.sheetObject.counter);
    this.sheetObject.protections.push(protection);
    return protection;
  }
}

/** The first row of `=ARRAYFORMULA(IF(ROW(<range from row 1>)=1,"<text>",…))`: "<text>". */
function anchoredHeader(formula: string): string | null {
  const m = /^=ARRAYFORMULA\(IF\(ROW\([A-Z]+1:[A-Z]+\)=1,"((?:[^"]|"")*)",/.exec(formula);
  return m ? m[1].replace(/""/g, '"') : null;
}

export class FakeSheet {
  values = new Map<string, FakeValue>();
  formulas = new Map<string, string>();
  formats = new Map<string, string>();
  validations = new Map<string, FakeDataValidation>();
  notes = new Map<string, string>();
  backgrounds = new Map<string, string>();
  fontWeights = new Map<string, string>();
  columnWidths = new Map<number, number>();
  frozenRows = 0;
  rules: FakeConditionalFormatRule[] = [];
  protections: FakeProtection[] = [];
  maxRows = 1000;
  maxColumns = 26;

  constructor(
    public name: string,
    readonly counter: CallCounter,
  ) {}

  count(name: string): void {
    this.counter.calls[name] = (this.counter.calls[name] ?? 0) + 1;
    this.counter.total++;
  }

  /** The value getValues shows: "" for empty cells, the last computed value for formulas. */
  valueAt(row: number, col: number): FakeValue {
    const v = this.values.get(key(row, col));
    if (v === undefined) return "";
    return v instanceof Date ? new Date(v.getTime()) : v;
  }

  /** What typing or setValues does with a value: "=…" is a formula, "'…" is literal text. */
  enter(row: number, col: number, value: unknown): void {
    const k = key(row, col);
    this.formulas.delete(k);
    if (value === null || value === undefined || value === "") {
      this.values.delete(k);
      return;
    }
    if (typeof value === "string") {
      if (value.startsWith("'")) {
        this.values.set(k, value.slice(1));
        return;
      }
      if (value.startsWith("=")) {
        this.formulas.set(k, value);
        this.values.delete(k);
        // An array formula anchored in a header cell (`=ARRAYFORMULA(IF(ROW(A1:A)=1,"名称",…))`)
        // shows its first row, the header text, as Sheets computes it: getValues reads "名称".
        const header = row === 1 ? anchoredHeader(value) : null;
        if (header !== null) this.values.set(k, header);
        return;
      }
      this.values.set(k, value);
      return;
    }
    if (value instanceof Date) {
      this.values.set(k, new Date(value.getTime()));
      return;
    }
    if (typeof value === "number" || typeof value === "boolean") {
      this.values.set(k, value);
      return;
    }
    this.values.set(k, String(value));
  }

  /** Test helper (not counted): the value a formula cell shows, as if Sheets computed it. */
  setComputedValue(row: number, col: number, value: FakeValue): void {
    this.values.set(key(row, col), value);
  }

  /** Test helper (not counted): fill from row 1, growing the sheet as needed. */
  load(grid: unknown[][]): void {
    this.maxRows = Math.max(this.maxRows, grid.length);
    this.maxColumns = Math.max(this.maxColumns, ...grid.map((r) => r.length));
    grid.forEach((line, i) => line.forEach((v, j) => this.enter(i + 1, j + 1, v)));
  }

  private used(): { rows: number; cols: number } {
    let rows = 0;
    let cols = 0;
    const scan = (k: string): void => {
      const [r, c] = k.split(",").map(Number);
      if (r > rows) rows = r;
      if (c > cols) cols = c;
    };
    for (const k of this.values.keys()) scan(k);
    for (const k of this.formulas.keys()) scan(k);
    return { rows, cols };
  }

  getName(): string {
    this.count("Sheet.getName");
    return this.name;
  }
  setName(name: string): this {
    this.count("Sheet.setName");
    this.name = name;
    return this;
  }
  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): FakeRange {
    this.count("Sheet.getRange");
    if (typeof a === "string") return this.rangeFromA1(a);
    return new FakeRange(this, a, column ?? 1, numRows ?? 1, numColumns ?? 1);
  }
  private rangeFromA1(a1: string): FakeRange {
    const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(a1);
    if (!m) throw new Error(`Range not found: ${a1}`);
    const col = (s: string): number => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const r1 = Number(m[2]);
    const c1 = col(m[1]);
    const r2 = m[4] ? Number(m[4]) : r1;
    const c2 = m[3] ? col(m[3]) : c1;
    return new FakeRange(this, r1, c1, r2 - r1 + 1, c2 - c1 + 1);
  }
  getDataRange(): FakeRange {
    this.count("Sheet.getDataRange");
    const { rows, cols } = this.used();
    return new FakeRange(this, 1, 1, Math.max(rows, 1), Math.max(cols, 1));
  }
  getLastRow(): number {
    this.count("Sheet.getLastRow");
    return this.used().rows;
  }
  getLastColumn(): number {
    this.count("Sheet.getLastColumn");
    return this.used().cols;
  }
  getMaxRows(): number {
    this.count("Sheet.getMaxRows");
    return this.maxRows;
  }
  getMaxColumns(): number {
    this.count("Sheet.getMaxColumns");
    return this.maxColumns;
  }
  insertRowsAfter(afterPosition: number, howMany: number): this {
    this.count("Sheet.insertRowsAfter");
    if (afterPosition !== this.maxRows)
      throw new Error("Fake supports inserting rows at the end only");
    this.maxRows += howMany;
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    this.count("Sheet.insertColumnsAfter");
    if (afterPosition !== this.maxColumns)
      throw new Error("Fake supports inserting columns at the end only");
    this.maxColumns += howMany;
    return this;
  }
  appendRow(rowContents: unknown[]): this {
    this.count("Sheet.appendRow");
    const row = this.used().rows + 1;
    if (row > this.maxRows) this.maxRows = row;
    if (rowContents.length > this.maxColumns) this.maxColumns = rowContents.length;
    rowContents.forEach((v, j) => this.enter(row, j + 1, v));
    return this;
  }
  setFrozenRows(rows: number): void {
    this.count("Sheet.setFrozenRows");
    this.frozenRows = rows;
  }
  getFrozenRows(): number {
    this.count("Sheet.getFrozenRows");
    return this.frozenRows;
  }
  setColumnWidth(column: number, width: number): this {
    this.count("Sheet.setColumnWidth");
    this.columnWidths.set(column, width);
    return this;
  }
  setColumnWidths(start: number, count: number, width: number): this {
    this.count("Sheet.setColumnWidths");
    for (let c = start; c < start + count; c++) this.columnWidths.set(c, width);
    return this;
  }
  getColumnWidth(column: number): number {
    this.count("Sheet.getColumnWidth");
    return this.columnWidths.get(column) ?? 100;
  }
  getConditionalFormatRules(): FakeConditionalFormatRule[] {
    this.count("Sheet.getConditionalFormatRules");
    return this.rules.slice();
  }
  setConditionalFormatRules(rules: FakeConditionalFormatRule[]): void {
    this.count("Sheet.setConditionalFormatRules");
    this.rules = rules.slice();
  }
  getProtections(type: string): FakeProtection[] {
    this.count("Sheet.getProtections");
    return type === ProtectionType.RANGE ? this.protections.slice() : [];
  }
  /** Everything about the sheet as plain data, for equality assertions. */
  snapshot(): object {
    const sorted = <T>(m: Map<string, T>): [string, T][] =>
      [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    return JSON.parse(
      JSON.stringify({
        name: this.name,
        maxRows: this.maxRows,
        maxColumns: this.maxColumns,
        values: sorted(this.values).map(([k, v]) => [
          k,
          v instanceof Date ? { date: v.toISOString() } : v,
        ]),
        formulas: sorted(this.formulas),
        formats: sorted(this.formats),
        validations: sorted(this.validations),
        notes: sorted(this.notes),
        backgrounds: sorted(this.backgrounds),
        fontWeights: sorted(this.fontWeights),
        columnWidths: [...this.columnWidths.entries()].sort((a, b) => a[0] - b[0]),
        frozenRows: this.frozenRows,
        rules: this.rules,
        protections: this.protections,
      }),
    );
  }
}

export class FakeSpreadsheet {
  readonly counter: CallCounter = newCounter();
  sheets: FakeSheet[] = [];
  timeZone = "Asia/Shanghai";

  get calls(): Record<string, number> {
    return this.counter.calls;
  }
  get total(): number {
    return this.counter.total;
  }
  /** Forget the counts so far (e.g. after test setup). */
  resetCalls(): void {
    for (const k of Object.keys(this.counter.calls)) delete this.counter.calls[k];
    this.counter.total = 0;
  }
  private count(name: string): void {
    this.counter.calls[name] = (this.counter.calls[name] ?? 0) + 1;
    this.counter.total++;
  }
  getId(): string {
    this.count("Spreadsheet.getId");
    return "fake-spreadsheet";
  }
  getName(): string {
    this.count("Spreadsheet.getName");
    return "干部关怀激励台账";
  }
  getUrl(): string {
    this.count("Spreadsheet.getUrl");
    return "https://docs.google.com/spreadsheets/d/fake-spreadsheet/edit";
  }
  getSpreadsheetTimeZone(): string {
    this.count("Spreadsheet.getSpreadsheetTimeZone");
    return this.timeZone;
  }
  /** Sets the time zone (an IANA name, as File → Settings offers); rejects unknown names. */
  setSpreadsheetTimeZone(timeZone: string): void {
    this.count("Spreadsheet.setSpreadsheetTimeZone");
    try {
      new Intl.DateTimeFormat("en-US", { timeZone });
    } catch {
      throw new Error(`Invalid argument: timeZone`);
    }
    this.timeZone = timeZone;
  }
  getSheets(): FakeSheet[] {
    this.count("Spreadsheet.getSheets");
    return this.sheets.slice();
  }
  getSheetByName(name: string): FakeSheet | null {
    this.count("Spreadsheet.getSheetByName");
    return this.sheets.find((s) => s.name === name) ?? null;
  }
  getActiveSheet(): FakeSheet | null {
    this.count("Spreadsheet.getActiveSheet");
    return this.sheets[0] ?? null;
  }
  insertSheet(name: string, index?: number): FakeSheet {
    this.count("Spreadsheet.insertSheet");
    if (this.sheets.some((s) => s.name === name)) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    const sheet = new FakeSheet(name, this.counter);
    if (index === undefined) this.sheets.push(sheet);
    else this.sheets.splice(index, 0, sheet);
    return sheet;
  }
  deleteSheet(sheet: FakeSheet): void {
    this.count("Spreadsheet.deleteSheet");
    this.sheets = this.sheets.filter((s) => s !== sheet);
  }
  toast(message: string, title?: string): void {
    this.count("Spreadsheet.toast");
    this.toasts.push({ message, title: title ?? "" });
  }
  toasts: { message: string; title: string }[] = [];

  /** Test helper (not counted): a sheet with these rows from row 1. */
  addSheetWithRows(name: string, grid: unknown[][]): FakeSheet {
    const sheet = new FakeSheet(name, this.counter);
    this.sheets.push(sheet);
    sheet.load(grid);
    return sheet;
  }
  /** Test helper (not counted). */
  sheet(name: string): FakeSheet {
    const found = this.sheets.find((s) => s.name === name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  }
  snapshot(): object {
    return this.sheets.map((s) => s.snapshot());
  }
}

export interface FakeMenu {
  name: string;
  items: { caption: string; functionName: string }[];
  addItem(caption: string, functionName: string): FakeMenu;
  addSeparator(): FakeMenu;
  addSubMenu(menu: FakeMenu): FakeMenu;
  addToUi(): void;
}

export interface FakePromptAnswer {
  button: "OK" | "CANCEL" | "CLOSE";
  text: string;
}

export interface FakeUi {
  menus: FakeMenu[];
  alerts: unknown[][];
  /** Prompts shown (title, message). */
  prompts: unknown[][];
  /** What the user answers to the next prompts, in order (default: OK with empty text). */
  answers: FakePromptAnswer[];
  /** Buttons the user presses on the next alerts (default: OK; NO for a YES_NO question). */
  alertAnswers: string[];
  prompt(...args: unknown[]): { getSelectedButton(): string; getResponseText(): string };
  ButtonSet: { OK: "OK"; OK_CANCEL: "OK_CANCEL"; YES_NO: "YES_NO" };
  Button: { OK: "OK"; CANCEL: "CANCEL"; YES: "YES"; NO: "NO" };
  createMenu(name: string): FakeMenu;
  alert(...args: unknown[]): string;
  showModalDialog(output: unknown, title: string): void;
  dialogs: { title: string; output: unknown }[];
}

function createFakeUi(counter: CallCounter): FakeUi {
  const count = (name: string): void => {
    counter.calls[name] = (counter.calls[name] ?? 0) + 1;
    counter.total++;
  };
  const ui: FakeUi = {
    menus: [],
    alerts: [],
    prompts: [],
    answers: [],
    alertAnswers: [],
    dialogs: [],
    ButtonSet: { OK: "OK", OK_CANCEL: "OK_CANCEL", YES_NO: "YES_NO" },
    Button: { OK: "OK", CANCEL: "CANCEL", YES: "YES", NO: "NO" },
    createMenu(name: string): FakeMenu {
      count("Ui.createMenu");
      const menu: FakeMenu = {
        name,
        items: [],
        addItem(caption, functionName) {
          count("Menu.addItem");
          menu.items.push({ caption, functionName });
          return menu;
        },
        addSeparator() {
          count("Menu.addSeparator");
          return menu;
        },
        addSubMenu(sub) {
          count("Menu.addSubMenu");
          menu.items.push(...sub.items);
          return menu;
        },
        addToUi() {
          count("Menu.addToUi");
          ui.menus.push(menu);
        },
      };
      return menu;
    },
    alert(...args: unknown[]): string {
      count("Ui.alert");
      ui.alerts.push(args);
      return ui.alertAnswers.shift() ?? (args.includes("YES_NO") ? "NO" : "OK");
    },
    prompt(...args: unknown[]) {
      count("Ui.prompt");
      ui.prompts.push(args);
      const answer = ui.answers.shift() ?? { button: "OK", text: "" };
      return {
        getSelectedButton: () => answer.button,
        getResponseText: () => answer.text,
      };
    },
    showModalDialog(output: unknown, title: string): void {
      count("Ui.showModalDialog");
      ui.dialogs.push({ title, output });
    },
  };
  return ui;
}

export interface FakeSpreadsheetApp {
  BooleanCriteria: typeof BooleanCriteria;
  DataValidationCriteria: typeof DataValidationCriteria;
  ProtectionType: typeof ProtectionType;
  getActiveSpreadsheet(): FakeSpreadsheet;
  getActive(): FakeSpreadsheet;
  getUi(): FakeUi;
  newDataValidation(): FakeDataValidationBuilder;
  newConditionalFormatRule(): FakeConditionalFormatRuleBuilder;
  flush(): void;
  /** Test access: the spreadsheet and UI behind the fake. */
  spreadsheet: FakeSpreadsheet;
  ui: FakeUi;
}

/** A fresh, empty spreadsheet. */
export function createFakeSpreadsheet(): FakeSpreadsheet {
  return new FakeSpreadsheet();
}

/**
 * A fake `SpreadsheetApp` global over `spreadsheet` (a new one by default), sharing its call
 * counter. Install it with `Object.assign(globalThis, { SpreadsheetApp: app })` or in a vm
 * context.
 */
export function createFakeSpreadsheetApp(
  spreadsheet: FakeSpreadsheet = createFakeSpreadsheet(),
): FakeSpreadsheetApp {
  const counter = spreadsheet.counter;
  const count = (name: string): void => {
    counter.calls[name] = (counter.calls[name] ?? 0) + 1;
    counter.total++;
  };
  const ui = createFakeUi(counter);
  return {
    BooleanCriteria,
    DataValidationCriteria,
    ProtectionType,
    spreadsheet,
    ui,
    getActiveSpreadsheet() {
      count("SpreadsheetApp.getActiveSpreadsheet");
      return spreadsheet;
    },
    getActive() {
      count("SpreadsheetApp.getActive");
      return spreadsheet;
    },
    getUi() {
      count("SpreadsheetApp.getUi");
      return ui;
    },
    newDataValidation() {
      count("SpreadsheetApp.newDataValidation");
      return new FakeDataValidationBuilder(counter);
    },
    newConditionalFormatRule() {
      count("SpreadsheetApp.newConditionalFormatRule");
      return new FakeConditionalFormatRuleBuilder(counter);
    },
    flush() {
      count("SpreadsheetApp.flush");
    },
  };
}

/** The one place the fakes meet the Apps Script types. */
export function asSpreadsheet(fake: FakeSpreadsheet): GoogleAppsScript.Spreadsheet.Spreadsheet {
  return fake as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
}

export function asSpreadsheetApp(
  fake: FakeSpreadsheetApp,
): GoogleAppsScript.Spreadsheet.SpreadsheetApp {
  return fake as unknown as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
}

// =============================================================================================
// Charts (added for the 仪表盘 dashboard): Charts.ChartType, Sheet.newChart() and its
// EmbeddedChartBuilder, insertChart / getCharts / removeChart / updateChart, chart.modify().
// Charts are kept per sheet in a WeakMap so the sections above stay untouched.
// =============================================================================================

/** `Charts.ChartType` names, as String(Charts.ChartType.X) gives them. */
export const ChartType = {
  AREA: "AREA",
  BAR: "BAR",
  COLUMN: "COLUMN",
  COMBO: "COMBO",
  LINE: "LINE",
  PIE: "PIE",
  TABLE: "TABLE",
} as const;

/** A fake `Charts` global (only the ChartType enum). */
export const FakeCharts = { ChartType };

export interface ChartPosition {
  anchorRow: number;
  anchorColumn: number;
  offsetX: number;
  offsetY: number;
}

let nextChartId = 1;

export class FakeEmbeddedChart {
  constructor(
    readonly sheetObject: FakeSheet,
    readonly id: number,
    readonly chartType: string | null,
    readonly ranges: FakeRange[],
    readonly options: Map<string, unknown>,
    readonly position: ChartPosition | null,
    readonly numHeaders: number,
  ) {}
  getChartId(): number {
    this.sheetObject.count("EmbeddedChart.getChartId");
    return this.id;
  }
  getRanges(): FakeRange[] {
    this.sheetObject.count("EmbeddedChart.getRanges");
    return this.ranges.slice();
  }
  getNumHeaders(): number {
    this.sheetObject.count("EmbeddedChart.getNumHeaders");
    return this.numHeaders;
  }
  getOptions(): { get(option: string): unknown } {
    this.sheetObject.count("EmbeddedChart.getOptions");
    const options = this.options;
    return { get: (option: string) => options.get(option) ?? null };
  }
  getContainerInfo(): {
    getAnchorRow(): number;
    getAnchorColumn(): number;
    getOffsetX(): number;
    getOffsetY(): number;
  } {
    this.sheetObject.count("EmbeddedChart.getContainerInfo");
    const p = this.position ?? { anchorRow: 1, anchorColumn: 1, offsetX: 0, offsetY: 0 };
    return {
      getAnchorRow: () => p.anchorRow,
      getAnchorColumn: () => p.anchorColumn,
      getOffsetX: () => p.offsetX,
      getOffsetY: () => p.offsetY,
    };
  }
  modify(): FakeEmbeddedChartBuilder {
    this.sheetObject.count("EmbeddedChart.modify");
    return new FakeEmbeddedChartBuilder(this.sheetObject, this);
  }
  /** Test helper (not counted): plain description. */
  describe(): object {
    return {
      id: this.id,
      type: this.chartType,
      ranges: this.ranges.map((r) => r.box()),
      options: Object.fromEntries(this.options),
      position: this.position,
      numHeaders: this.numHeaders,
    };
  }
}

export class FakeEmbeddedChartBuilder {
  private chartType: string | null;
  private ranges: FakeRange[];
  private options: Map<string, unknown>;
  private position: ChartPosition | null;
  private numHeaders: number;
  constructor(
    private readonly sheetObject: FakeSheet,
    private readonly original: FakeEmbeddedChart | null = null,
  ) {
    this.chartType = original?.chartType ?? null;
    this.ranges = original ? original.ranges.slice() : [];
    this.options = new Map(original?.options ?? []);
    this.position = original?.position ?? null;
    this.numHeaders = original?.numHeaders ?? -1;
  }
  private count(name: string): void {
    this.sheetObject.count("EmbeddedChartBuilder." + name);
  }
  addRange(range: FakeRange): this {
    this.count("addRange");
    if (range.sheetObject !== this.sheetObject) {
      // Sheets allows ranges of other sheets; the dashboard never needs them, so flag misuse.
      throw new Error("fake: chart range on another sheet");
    }
    this.ranges.push(range);
    return this;
  }
  clearRanges(): this {
    this.count("clearRanges");
    this.ranges = [];
    return this;
  }
  getRanges(): FakeRange[] {
    this.count("getRanges");
    return this.ranges.slice();
  }
  setChartType(type: string): this {
    this.count("setChartType");
    if (!Object.values(ChartType).includes(type as (typeof ChartType)[keyof typeof ChartType])) {
      throw new Error(`fake: unknown chart type ${String(type)}`);
    }
    this.chartType = type;
    return this;
  }
  getChartType(): string | null {
    this.count("getChartType");
    return this.chartType;
  }
  setOption(option: string, value: unknown): this {
    this.count("setOption");
    this.options.set(option, value);
    return this;
  }
  setNumHeaders(headers: number): this {
    this.count("setNumHeaders");
    this.numHeaders = headers;
    return this;
  }
  setPosition(anchorRow: number, anchorColumn: number, offsetX: number, offsetY: number): this {
    this.count("setPosition");
    if (anchorRow < 1 || anchorColumn < 1) throw new Error("fake: invalid chart position");
    this.position = { anchorRow, anchorColumn, offsetX, offsetY };
    return this;
  }
  build(): FakeEmbeddedChart {
    this.count("build");
    if (this.ranges.length === 0) throw new Error("fake: a chart needs at least one range");
    if (this.chartType === null) throw new Error("fake: chart type not set");
    return new FakeEmbeddedChart(
      this.sheetObject,
      this.original ? this.original.id : nextChartId++,
      this.chartType,
      this.ranges.slice(),
      new Map(this.options),
      this.position,
      this.numHeaders,
    );
  }
}

const sheetCharts = new WeakMap<FakeSheet, FakeEmbeddedChart[]>();

/** Test helper (not counted): the charts of a sheet, in insertion order. */
export function chartsOf(sheet: FakeSheet): FakeEmbeddedChart[] {
  let list = sheetCharts.get(sheet);
  if (!list) {
    list = [];
    sheetCharts.set(sheet, list);
  }
  return list;
}

export interface FakeSheet {
  newChart(): FakeEmbeddedChartBuilder;
  insertChart(chart: FakeEmbeddedChart): void;
  getCharts(): FakeEmbeddedChart[];
  removeChart(chart: FakeEmbeddedChart): void;
  updateChart(chart: FakeEmbeddedChart): void;
}

FakeSheet.prototype.newChart = function (this: FakeSheet): FakeEmbeddedChartBuilder {
  this.count("Sheet.newChart");
  return new FakeEmbeddedChartBuilder(this);
};
FakeSheet.prototype.insertChart = function (this: FakeSheet, chart: FakeEmbeddedChart): void {
  this.count("Sheet.insertChart");
  const list = chartsOf(this);
  if (chart.sheetObject !== this) throw new Error("fake: chart built for another sheet");
  if (list.some((c) => c.id === chart.id)) throw new Error("fake: chart already inserted");
  list.push(chart);
};
FakeSheet.prototype.getCharts = function (this: FakeSheet): FakeEmbeddedChart[] {
  this.count("Sheet.getCharts");
  return chartsOf(this).slice();
};
FakeSheet.prototype.removeChart = function (this: FakeSheet, chart: FakeEmbeddedChart): void {
  this.count("Sheet.removeChart");
  const list = chartsOf(this);
  const i = list.findIndex((c) => c.id === chart.id);
  if (i < 0) throw new Error("fake: chart not on this sheet");
  list.splice(i, 1);
};
FakeSheet.prototype.updateChart = function (this: FakeSheet, chart: FakeEmbeddedChart): void {
  this.count("Sheet.updateChart");
  const list = chartsOf(this);
  const i = list.findIndex((c) => c.id === chart.id);
  if (i < 0) throw new Error("fake: updateChart on a chart that is not on this sheet");
  list[i] = chart;
};
