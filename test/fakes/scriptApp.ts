/**
 * An in-memory ScriptApp: project triggers and their builders, counting every call. Enough
 * for src/gas/triggers.ts; cast to the Apps Script type at the boundary in one place.
 *
 * Triggers belong to the user who created them. As Google documents for getProjectTriggers()
 * ("Gets all installable triggers associated with the current project and current user",
 * https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()),
 * a user sees and deletes only their own: set `user` to act as another administrator.
 */
export interface FakeTrigger {
  handler: string;
  kind: "clock" | "onEdit";
  /** Who created it (default: the first administrator). */
  owner?: string;
  hour?: number;
  everyDays?: number;
  /** A one-off trigger: milliseconds after its creation. */
  afterMs?: number;
  timeZone?: string;
  id: string;
}

export const FIRST_ADMIN = "admin1@example.gov.cn";

export function createFakeScriptApp() {
  const triggers: FakeTrigger[] = [];
  const state = { user: FIRST_ADMIN };
  const mine = (t: FakeTrigger): boolean => (t.owner ?? FIRST_ADMIN) === state.user;
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
    AuthMode: {
      NONE: "NONE",
      CUSTOM_FUNCTION: "CUSTOM_FUNCTION",
      LIMITED: "LIMITED",
      FULL: "FULL",
    },
    getProjectTriggers() {
      count("getProjectTriggers");
      return triggers.filter(mine).map(wrap);
    },
    deleteTrigger(trigger: { __fake: FakeTrigger }) {
      count("deleteTrigger");
      if (!mine(trigger.__fake)) throw new Error("fake: deleting another user's trigger");
      const i = triggers.indexOf(trigger.__fake);
      if (i >= 0) triggers.splice(i, 1);
    },
    newTrigger(handler: string) {
      count("newTrigger");
      const t: FakeTrigger = { handler, kind: "clock", id: String(next++), owner: state.user };
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
    /** The plain object behind ScriptApp (to wrap or extend in a harness). */
    app,
    triggers,
    calls,
    /** Act as this user from now on. */
    actAs(user: string) {
      state.user = user;
    },
  };
}
