/**
 * split → a unit edits its file → collect: what comes back into the hub, what is refused, what
 * is reported, and that nothing is applied twice.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Grid } from "../../src/records/cells";
import { KEY_COLUMN, META_SHEET, SNAPSHOT_SHEET } from "../../src/workflows/units";
import { col, d, hash, openPatched, records, rowWhere, run, sampleHub } from "./helpers";

const A = "县财政局";
const B = "县档案馆";

let dir: string;
let hub: string;
let out: string;
const unitFile = (unit: string) => path.join(out, `${unit}.xlsx`);
const allFiles = () =>
  fs
    .readdirSync(out)
    .filter((f) => f.endsWith(".xlsx"))
    .map((f) => path.join(out, f));

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-units-"));
  hub = await sampleHub(dir);
  out = path.join(dir, "单位");
  const r = await run(["split", hub, "--out", out, "--due", "2027-03-20"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
}, 60_000);
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Edit a file as a contact would: cells written into the package, then saved. */
async function edit(file: string, change: (wb: Awaited<ReturnType<typeof openPatched>>) => void) {
  const wb = await openPatched(file);
  change(wb);
  await wb.save(file);
}

const sheet = async (file: string, name: string): Promise<Grid> =>
  (await openPatched(file)).readSheet(name) as Grid;

describe("split then collect", () => {
  it("with no change changes nothing: the hub and every unit file stay byte-identical", async () => {
    const files = allFiles();
    expect(files).toHaveLength(11);
    const before = [hub, ...files].map(hash);
    const r = await run(["collect", hub, ...files]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("没有需要收回的修改");
    expect([hub, ...files].map(hash)).toEqual(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".bak-"))).toEqual([]);
  }, 60_000);

  it("applies a unit's edits and new rows, reports deleted rows and conflicts, refuses other units' rows, and a second collection changes nothing", async () => {
    const file = unitFile(A);
    const people = await sheet(file, "人员");
    const awards = await sheet(file, "奖励");
    const leave = await sheet(file, "年休假");
    const plans = await sheet(file, "年休假计划");
    const hubPeople = (await openPatched(hub)).readSheet("人员") as Grid;
    const firstA = String(people[1][col(people, "人员编号") - 1]);
    const personB = records(hubPeople).find((p) => p["单位"] === B)!["人员编号"];
    const leaveRow = 2;
    const leaveId = leave[leaveRow - 1][col(leave, "人员编号") - 1];
    const leaveYear = leave[leaveRow - 1][col(leave, "年度") - 1];
    const deletedAward = awards[awards.length - 1];

    // After the split, the departments change 联系人 of A in the hub.
    await edit(hub, (wb) => {
      const units = wb.readSheet("单位") as Grid;
      wb.writeRange("单位", rowWhere(units, "单位名称", A), col(units, "联系人"), [["部门改的"]]);
    });

    await edit(file, (wb) => {
      // An input cell, and a computed one (ignored).
      const p = rowWhere(people, "人员编号", firstA);
      wb.writeRange("人员", p, col(people, "上年度工资收入（元）"), [[99999]]);
      wb.writeRange("人员", p, col(people, "累计工作年限"), [[77]]);
      // Sorted 人员 (keys move with their rows).
      const sorted = people.slice(1).sort((x, y) => String(y[0]).localeCompare(String(x[0])));
      wb.writeRange("人员", 2, 1, sorted);
      const moved = rowWhere(wb.readSheet("人员") as Grid, "人员编号", firstA);
      expect(moved).not.toBe(p);
      wb.writeRange("人员", moved, col(people, "上年度工资收入（元）"), [[99999]]);
      wb.writeRange("年休假", leaveRow, col(leave, "事假（天）"), [[4]]);
      // The conflict: the unit changes 联系人 too.
      const units = wb.readSheet("单位") as Grid;
      wb.writeRange("单位", 2, col(units, "联系人"), [["单位改的"]]);
      // A deleted 奖励 row (the last), and a new one for a B person (refused).
      const width = awards[0].length;
      wb.writeRange("奖励", awards.length, 1, [new Array(width).fill(null)]);
      const foreign = new Array(width).fill(null);
      foreign[col(awards, "年度") - 1] = 2026;
      foreign[col(awards, "人员编号") - 1] = personB;
      foreign[col(awards, "奖励类型") - 1] = "嘉奖";
      wb.writeRange("奖励", awards.length + 1, 1, [foreign]);
      // A plan moved to another unit (refused).
      wb.writeRange("年休假计划", 2, col(plans, "单位"), [[B]]);
      // New rows: a 休假记录 of an A person, a 培训 with 单位 left blank.
      const lr = wb.readSheet("休假记录") as Grid;
      const row = new Array(lr[0].length).fill(null);
      row[col(lr, "人员编号") - 1] = firstA;
      row[col(lr, "开始日期") - 1] = d(2027, 2, 22);
      row[col(lr, "结束日期") - 1] = d(2027, 2, 23);
      wb.writeRange("休假记录", lr.length + 1, 1, [row]);
      const tr = wb.readSheet("培训") as Grid;
      const t = new Array(tr[0].length).fill(null);
      t[col(tr, "日期") - 1] = d(2027, 2, 10);
      t[col(tr, "形式") - 1] = "请进来";
      t[col(tr, "内容") - 1] = "=年休假政策解读";
      t[col(tr, "参加人数") - 1] = 12;
      wb.writeRange("培训", tr.length + 1, 1, [t]);
    });

    const beforeHub = hash(hub);
    const dry = await run(["collect", hub, file, "--dry-run"]);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain("试运行");
    expect(hash(hub)).toBe(beforeHub);

    const r = await run(["collect", hub, file]);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/修改 2 处，新增 2 行，单位删除 1 行，拒收 2 行，冲突 1 处/);
    expect(r.out).toMatch(
      /冲突 「单位」台账第 \d+ 行（单位文件第 2 行）「联系人」：拆分后台账改为“部门改的”，单位改为“单位改的”/,
    );
    expect(r.out).toContain(
      `拒收 「奖励」单位文件第 ${awards.length + 1} 行「人员编号」：人员编号“${personB}”属于单位“${B}”`,
    );
    expect(r.out).toMatch(
      /拒收 「年休假计划」单位文件第 2 行「单位」：单位为“县档案馆”，不是本单位/,
    );
    expect(r.out).toMatch(
      new RegExp(
        `单位删除 「奖励」台账第 \\d+ 行：${deletedAward[col(awards, "年度") - 1]} ${deletedAward[col(awards, "人员编号") - 1]} ${deletedAward[col(awards, "奖励类型") - 1]}`,
      ),
    );
    expect(fs.readdirSync(dir).filter((f) => f.includes(".bak-"))).toHaveLength(1);

    const wb = await openPatched(hub);
    const hp = records(wb.readSheet("人员"));
    const person = hp.find((p) => p["人员编号"] === firstA)!;
    expect(person["上年度工资收入（元）"]).toBe(99999);
    expect(person["累计工作年限"]).not.toBe(77);
    expect(
      records(wb.readSheet("年休假")).find(
        (x) => x["人员编号"] === leaveId && x["年度"] === leaveYear,
      )!["事假（天）"],
    ).toBe(4);
    expect(records(wb.readSheet("单位")).find((u) => u["单位名称"] === A)!["联系人"]).toBe(
      "部门改的",
    );
    // Deleted in the unit, never in the hub; the refused rows did not come in.
    const hubAwards = records(wb.readSheet("奖励"));
    expect(hubAwards).toHaveLength(50);
    expect(
      hubAwards.some(
        (x) => x["人员编号"] === personB && x["年度"] === 2026 && x["批准文号"] === null,
      ),
    ).toBe(false);
    expect(records(wb.readSheet("年休假计划")).filter((x) => x["单位"] === A)).toHaveLength(3);
    const added = records(wb.readSheet("休假记录")).filter((x) => x["人员编号"] === firstA);
    expect(added.some((x) => (x["开始日期"] as Date).getTime() === d(2027, 2, 22).getTime())).toBe(
      true,
    );
    const training = records(wb.readSheet("培训")).filter((x) => x["单位"] === A);
    expect(training.map((x) => x["内容"])).toContain("=年休假政策解读");

    // The same file again: nothing changes, the refusals and the conflict are reported again.
    const afterFirst = hash(hub);
    const again = await run(["collect", hub, file]);
    expect(again.out).toMatch(
      /修改 0 处，新增 0 行，单位删除 1 行，拒收 2 行，冲突 1 处，2 行新增已在台账中/,
    );
    expect(again.out).toContain("没有需要收回的修改");
    expect(hash(hub)).toBe(afterFirst);
  }, 60_000);
});

describe("files that are refused whole", () => {
  it("a file of another unit, renamed or relabelled", async () => {
    fs.copyFileSync(unitFile(B), path.join(dir, `${A}.xlsx`));
    const renamed = await run(["collect", hub, path.join(dir, `${A}.xlsx`)]);
    expect(renamed.code).toBe(1);
    expect(renamed.out).toContain(`已拒收。文件名对应单位“${A}”，但文件记录的单位是“${B}”`);

    const relabelled = path.join(dir, "交回.xlsx");
    fs.copyFileSync(unitFile(B), relabelled);
    await edit(relabelled, (wb) => {
      const meta = wb.readSheet(META_SHEET) as Grid;
      wb.writeRange(META_SHEET, rowWhere(meta, "项目", "单位"), 2, [[A]]);
    });
    const r = await run(["collect", hub, relabelled]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`已拒收。这是单位“${B}”的单位文件`);
  }, 60_000);

  it("an older split, a tampered key, an edited snapshot, a file not from split", async () => {
    const old = path.join(dir, "旧.xlsx");
    fs.copyFileSync(unitFile(A), old);
    const second = await run(["split", hub, "--out", out], new Date("2027-03-05T02:00:00Z"));
    expect(second.code).toBe(0);
    const r = await run(["collect", hub, old]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /已拒收。这是 2027-03-01 拆分的旧文件；单位“县财政局”已于 2027-03-05 重新拆分/,
    );

    const file = unitFile(A);
    const keyed = path.join(dir, "key.xlsx");
    fs.copyFileSync(file, keyed);
    await edit(keyed, (wb) => {
      const p = wb.readSheet("人员") as Grid;
      wb.writeRange("人员", 3, col(p, KEY_COLUMN), [["K9999"]]);
    });
    expect((await run(["collect", hub, keyed])).out).toContain(
      "已拒收。「人员」第 3 行的行键“K9999”不是下发时的行键（被改动过）",
    );

    const snap = path.join(dir, "snap.xlsx");
    fs.copyFileSync(file, snap);
    await edit(snap, (wb) => {
      const s = wb.readSheet(SNAPSHOT_SHEET) as Grid;
      wb.writeRange(SNAPSHOT_SHEET, 2, 4, [[String(s[1][3]).replace(/}$/, ',"备注":"s改"}')]]);
    });
    expect((await run(["collect", hub, snap])).out).toContain("校验码不符");

    const plain = path.join(dir, "plain.xlsx");
    expect((await run(["init", plain])).code).toBe(0);
    expect((await run(["collect", hub, plain])).out).toContain(
      "不是由 cadre-care split 生成的单位文件",
    );

    // The latest file of A still collects (and changes nothing).
    const ok = await run(["collect", hub, file]);
    expect(ok.code).toBe(0);
  }, 60_000);

  it("refuses to collect without the split register, with a Chinese message (exit 2)", async () => {
    fs.rmSync(path.join(dir, "台账.拆分记录.json"));
    const r = await run(["collect", hub, unitFile(A)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("找不到拆分记录");
  }, 60_000);
});
