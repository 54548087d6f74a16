/**
 * What a unit file holds: only its unit's rows (a scan of every part of every file for other
 * units' 身份证号, names, wages and rows), the reference sheets, 说明, the hidden key column,
 * protection of computed columns, and the record of its unit and split.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cell, Grid } from "../../src/records/cells";
import { openPatched, records, run, sampleHub } from "./helpers";

let dir: string;
let hub: string;
let out: string;
let hubBook: Awaited<ReturnType<typeof openPatched>>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-unitfiles-"));
  hub = await sampleHub(dir);
  out = path.join(dir, "单位");
  const r = await run(["split", hub, "--out", out, "--due", "2027-03-20"]);
  expect(r.code).toBe(0);
  hubBook = await openPatched(hub);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const units = () => records(hubBook.readSheet("单位")).map((u) => String(u["单位名称"]));
const people = () => records(hubBook.readSheet("人员"));

/** Every text of every part of the package (XML unescaped enough for the scan). */
async function packageText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const parts = await Promise.all(Object.values(zip.files).map((f) => f.async("string")));
  return parts.join("\n");
}

/** Every cell value of every sheet (hidden ones included) as text. */
async function cellTexts(file: string): Promise<Set<string>> {
  const wb = await openPatched(file);
  const values = new Set<string>();
  for (const name of wb.sheetNames()) {
    for (const row of wb.readSheet(name) ?? []) {
      for (const v of row as Cell[]) {
        if (v === null || v === undefined) continue;
        values.add(String(v));
        // The snapshot's values: {"姓名":"s张三", …} (a type letter, then the value).
        if (typeof v === "string" && v.startsWith("{")) {
          for (const x of Object.values(JSON.parse(v) as Record<string, string>))
            values.add(x.slice(1));
        }
      }
    }
  }
  return values;
}

describe("the unit files", () => {
  it("hold the unit's rows, reference sheets whole, 参数 without mail settings, and no hub-only sheet", async () => {
    const unit = "县财政局";
    const wb = await openPatched(path.join(out, `${unit}.xlsx`));
    expect(wb.sheetNames()).toEqual([
      "说明",
      "参数",
      "奖励标准",
      "单位",
      "人员",
      "奖励",
      "年休假",
      "休假记录",
      "年休假计划",
      "体检",
      "培训",
      "谈心谈话",
      "考核",
      "单位考核",
      "节假日",
      "拆分信息",
      "拆分快照",
    ]);
    const mine = people().filter((p) => p["单位"] === unit);
    const ids = new Set(mine.map((p) => p["人员编号"]));
    expect(records(wb.readSheet("人员")).map((p) => p["人员编号"])).toEqual([...ids]);
    expect(records(wb.readSheet("单位")).map((u) => u["单位名称"])).toEqual([unit]);
    for (const name of ["奖励", "年休假", "休假记录", "考核"]) {
      const rows = records(wb.readSheet(name));
      const hubRows = records(hubBook.readSheet(name)).filter((r) => ids.has(r["人员编号"]));
      expect(rows.length).toBe(hubRows.length);
      expect(rows.every((r) => ids.has(r["人员编号"]))).toBe(true);
    }
    for (const name of ["年休假计划", "体检", "培训", "谈心谈话", "单位考核"]) {
      const rows = records(wb.readSheet(name));
      expect(rows.length).toBe(
        records(hubBook.readSheet(name)).filter((r) => r["单位"] === unit).length,
      );
      expect(rows.every((r) => r["单位"] === unit)).toBe(true);
    }
    // Computed columns carry the hub's values.
    const leave = records(wb.readSheet("年休假"));
    const hubLeave = records(hubBook.readSheet("年休假")).filter((r) => ids.has(r["人员编号"]));
    expect(leave.map((r) => [r["应休天数"], r["其中另行支付"]])).toEqual(
      hubLeave.map((r) => [r["应休天数"], r["其中另行支付"]]),
    );
    expect(leave.some((r) => typeof r["应休天数"] === "number")).toBe(true);
    const params = records(wb.readSheet("参数")).map((p) => p["参数"]);
    expect(params).toContain("县名");
    expect(params).toContain("年休假计划截止");
    for (const key of [
      "组织部门邮箱",
      "人社部门邮箱",
      "SMTP服务器",
      "SMTP端口",
      "SMTP用户",
      "发件人",
    ])
      expect(params).not.toContain(key);
    expect(records(wb.readSheet("参数")).filter((p) => String(p["值"]).includes("@"))).toEqual([]);
    // The hub's standards whole: one row per default (人员类别, 奖励类型) pair, 授予称号 included.
    expect(records(wb.readSheet("奖励标准"))).toHaveLength(9);
    const meta = new Map(records(wb.readSheet("拆分信息")).map((r) => [r["项目"], r["值"]]));
    expect(meta.get("单位")).toBe(unit);
    expect(String(meta.get("拆分编号"))).toMatch(/^\d{14}-[0-9a-f]{6}-\d+$/);
    expect(meta.get("拆分时间")).toBe("2027-03-01T02:00:00.000Z");
    const guide = (wb.readSheet("说明") as Grid).map((r) => String(r[0] ?? "")).join("\n");
    expect(guide).toContain("请于 2027年3月20日 前交回。");
    expect(guide).toContain("zzb@example.gov.cn");
    expect(guide).toContain("保存为 .xlsx，发给县委组织部");
    expect(guide).not.toContain("无需交回");
    expect(guide).toContain("浅蓝色表头的列由系统计算");
  });

  it("keep the row key hidden and computed columns, keys and reference sheets locked", async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(out, "县财政局.xlsx")));
    const workbook = await zip.file("xl/workbook.xml")!.async("string");
    expect(workbook).toMatch(/<sheet [^>]*name="拆分信息" state="hidden"/);
    expect(workbook).toMatch(/<sheet [^>]*name="拆分快照" state="hidden"/);
    expect(workbook).toMatch(/<sheet [^>]*name="人员" state="visible"/);
    const sheetOf = (name: string) => {
      const m = new RegExp(`<sheet sheetId="(\\d+)" name="${name}"`).exec(workbook);
      return zip.file(`xl/worksheets/sheet${m![1]}.xml`)!.async("string");
    };
    const styles = await zip.file("xl/styles.xml")!.async("string");
    const xfs = [
      .../<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/
        .exec(styles)![1]
        .matchAll(/<xf [^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g),
    ].map((m) => m[0]);
    const unlocked = (s: number) => /<protection locked="0"/.test(xfs[s]);
    const people = await sheetOf("人员");
    expect(people).toMatch(/<sheetProtection [^>]*sheet="1"/);
    expect(people).toMatch(/<sheetProtection [^>]*sort="0"/);
    // Input columns unlocked; 累计工作年限 (computed) and 行键 (hidden) locked.
    const header = (
      (await openPatched(path.join(out, "县财政局.xlsx"))).readSheet("人员") as Grid
    )[0];
    const at = (name: string) => header.indexOf(name) + 1;
    const cols = [
      ...people.matchAll(/<col min="(\d+)" max="(\d+)"[^>]*?(?:style="(\d+)")?[^>]*?\/>/g),
    ];
    const colAt = (n: number) => cols.find((c) => Number(c[1]) <= n && n <= Number(c[2]))![0];
    const styleOf = (n: number) => Number(/style="(\d+)"/.exec(colAt(n))?.[1] ?? 0);
    expect(unlocked(styleOf(at("人员编号")))).toBe(true);
    expect(unlocked(styleOf(at("上年度工资收入（元）")))).toBe(true);
    expect(unlocked(styleOf(at("累计工作年限")))).toBe(false);
    expect(colAt(at("行键"))).toMatch(/hidden="1"/);
    expect(at("行键")).toBe(header.length);
    expect(unlocked(styleOf(at("行键")))).toBe(false);
    // A written input cell is unlocked, a written computed cell is not.
    const letter = (n: number) => String.fromCharCode(64 + n);
    const cellStyle = (ref: string) =>
      Number(new RegExp(`<c r="${ref}"[^>]*? s="(\\d+)"`).exec(people)?.[1] ?? 0);
    expect(unlocked(cellStyle(`${letter(at("姓名"))}2`))).toBe(true);
    expect(unlocked(cellStyle(`${letter(at("累计工作年限"))}2`))).toBe(false);
    expect(await sheetOf("参数")).toMatch(/<sheetProtection [^>]*sheet="1"/);
    expect(await sheetOf("拆分快照")).toMatch(/<sheetProtection [^>]*sheet="1"/);
  });

  it("privacy: no unit file holds another unit's 身份证号, name, wage or row", async () => {
    const all = people();
    const files = fs.readdirSync(out).filter((f) => f.endsWith(".xlsx"));
    expect(files).toHaveLength(units().length);
    for (const unit of units()) {
      const file = path.join(out, `${unit}.xlsx`);
      const text = await packageText(file);
      const cells = await cellTexts(file);
      const mine = all.filter((p) => p["单位"] === unit);
      const others = all.filter((p) => p["单位"] !== unit);
      expect(mine.length).toBeGreaterThan(0);
      // Every 18-digit identity number in the package is one of the unit's own people.
      const ownIds = new Set(mine.map((p) => String(p["身份证号"])));
      const found = [...text.matchAll(/(?<![0-9A-Fa-f])\d{17}[\dX](?![0-9A-Fa-f])/g)].map(
        (m) => m[0],
      );
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((id) => !ownIds.has(id))).toEqual([]);
      // No other unit's person by 人员编号, name (unless someone of the unit has the same name)
      // or wage (unless the unit's own data holds that figure).
      const ownNames = new Set(mine.map((p) => p["姓名"]));
      for (const p of others) {
        expect(cells.has(String(p["人员编号"])), `${unit}: ${p["人员编号"]}`).toBe(false);
        if (!ownNames.has(p["姓名"]))
          expect(cells.has(String(p["姓名"])), `${unit}: ${p["姓名"]}`).toBe(false);
        const wage = p["上年度工资收入（元）"];
        if (typeof wage === "number" && !mine.some((m) => m["上年度工资收入（元）"] === wage))
          expect(
            new RegExp(`(?<![0-9A-Fa-f.])${wage}(?![0-9.])`).test(text),
            `${unit}: wage ${wage}`,
          ).toBe(false);
      }
      // No row of another unit: no other unit's name as a cell.
      for (const other of units())
        if (other !== unit) expect(cells.has(other), `${unit}: ${other}`).toBe(false);
    }
  }, 60_000);
});
