/**
 * Reminders exactly once through kill -9 at each named step of remind, and documents whole
 * through kill -9 at each named step of docs (the fast cases; random moments in test:faults).
 * Before the outbox, a kill after the log save lost every unsent reminder for good (they were
 * logged as 已写入文件), and a kill while writing .docx left 0-byte files under final names.
 */
import * as fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../build";
import { tempDir } from "../faults/helpers";
import { reference, type Reference } from "../faults/writers";
import { docsKilled, remindKilled } from "../faults/kills";

let dir: string;
let ref: Reference;

beforeAll(async () => {
  build();
  dir = tempDir("outbox");
  ref = await reference(dir);
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("remind killed at each step, then run again", () => {
  const steps: [string, string][] = [
    ["after planning (before the log save)", "remind:planned"],
    ["after the log save", "remind:logged"],
    ["mid-send: the 1st mail marked sending", "remind:sending#1"],
    ["mid-send: the 6th mail's file half-written", "atomic:written#7"],
    ["after the 5th mail", "remind:sent-one#5"],
    ["after sending, before the outcomes are saved", "remind:sent"],
  ];
  steps.forEach(([label, fault], i) => {
    it(`${label}: every reminder once, none lost`, async () => {
      const o = await remindKilled(dir, `kill-remind-${i}`, ref, { fault });
      expect(o.killed).toBe(true);
      expect(o.rerunCode, o.rerunOutput).toBe(0);
      expect(o).toMatchObject({
        duplicateReminders: 0,
        lostReminders: 0,
        typedChanged: 0,
        leftovers: [],
        unsettled: 0,
        journalLeft: false,
      });
      if (fault !== "remind:planned" && fault !== "remind:logged")
        expect(o.rerunOutput).toContain("上次运行中断，已核对：");
    }, 120_000);
  });
});

describe("docs killed at each step, then run again", () => {
  const steps: [string, string][] = [
    ["after computing", "docs:computed"],
    ["while writing the .docx files", "docs:writing#30"],
    ["a .docx half-written", "atomic:written#12"],
    ["after the .docx, before documents.json", "docs:written"],
    ["after documents.json, before the workbook save", "docs:listed"],
  ];
  steps.forEach(([label, fault], i) => {
    it(`${label}: no half or empty document, every one registered once`, async () => {
      const o = await docsKilled(dir, `kill-docs-${i}`, ref, { fault });
      expect(o.killed).toBe(true);
      expect([0, 1]).toContain(o.rerunCode);
      expect(o).toMatchObject({ typedChanged: 0, leftovers: [], broken: [], registerDiff: 0 });
    }, 180_000);
  });
});
