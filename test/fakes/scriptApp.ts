/**
 * An in-memory ScriptApp: project triggers and their builders, counting every call. Enough
 * for src/gas/triggers.ts; cast to the Apps Script type at the boundary in one place.
 */
export interface FakeTrigger {
  handler: string;
  kind: "clock" | "onEdit";
  hour?: number;
  everyDays?: number;
  /** A one-off trigger: milliseconds after its creation. */
  afterMs?: number;
  timeZone?: string;
  id: string;
}

export function createFakeScriptApp() {
  const triggers: FakeTrigger[] = [];
  const calls: Record<string, number> = {};
  const count = (name: string) => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  let next = 1;
  const wrap = (t: FakeTrigger) => ({
    getHandlerFunction: () => (count("Trigger.getHandlerFunction"), t.handler),
    getUniqueId: () => t.id,
    __fake: t,
  });
  const app = {
    getProjectTriggers() {
      count("getProjectTriggers");
      return triggers.map(wrap);
    },
    deleteTrigger(trigger: { __fake: FakeTrigger }) {
      count("deleteTrigger");
      const i = triggers.indexOf(trigger.__fake);
      if (i >= 0) triggers.splice(i, 1);
    },
    newTrigger(handler: string) {
      count("newTrigger");
      const t: FakeTrigger = { handler, kind: "clock", id: String(next++) };
      const create = () => {
        count("create");
        triggers.push(t);
        return wrap(t);
      };
      const clock = {
        atHour(h: number) {
          t.hour = h;
          return clock;
        },
        everyDays(n: number) {
          t.everyDays = n;
          return clock;
        },
        inTimezone(tz: string) {
          t.timeZone = tz;
          return clock;
        },
        after(ms: number) {
          t.afterMs = ms;
          return clock;
        },
        create,
      };
      return {
        timeBased: () => clock,
        forSpreadsheet: () => ({
          onEdit: () => {
            t.kind = "onEdit";
            return { create };
          },
        }),
      };
    },
  };
  return {
    ScriptApp: app as unknown as GoogleAppsScript.Script.ScriptApp,
    triggers,
    calls,
  };
}
