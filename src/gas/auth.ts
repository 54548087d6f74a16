/**
 * Who is running, and with which consent. Both read the Apps Script globals at call time.
 *
 * - Users may untick scopes on the consent screen (granular consent); a menu action that then
 *   ran would fail halfway. `requireAuthorization` asks ScriptApp.requireAllScopes first: when a
 *   consent is missing, Apps Script ends the run and shows the authorization prompt, before
 *   anything is read or written. It is called outside any try/catch for that reason.
 * - Session.getActiveUser().getEmail() needs userinfo.email and, even with it, answers "" where
 *   Google withholds the address (another domain, a consumer account running someone else's
 *   script): `activeUserEmail` never throws and says "" then.
 */

/** Make sure the user consented to every scope of the manifest (menu actions only). */
export function requireAuthorization(): void {
  if (typeof ScriptApp === "undefined" || typeof ScriptApp.requireAllScopes !== "function") return;
  ScriptApp.requireAllScopes(ScriptApp.AuthMode.FULL);
}

/** The running user's e-mail, or "" when Google does not say. */
export function activeUserEmail(): string {
  try {
    if (typeof Session === "undefined") return "";
    const email = Session.getActiveUser().getEmail();
    return typeof email === "string" ? email.trim() : "";
  } catch {
    return "";
  }
}

/** The user under whose authority the script runs (a trigger's installer), or "". */
export function effectiveUserEmail(): string {
  try {
    if (typeof Session === "undefined") return "";
    const email = Session.getEffectiveUser().getEmail();
    return typeof email === "string" ? email.trim() : "";
  } catch {
    return "";
  }
}
