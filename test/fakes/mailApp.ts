/**
 * An in-memory MailApp: getRemainingDailyQuota() (recipients left today, settable) and
 * sendEmail({to, subject, body, name}) recording every mail. `beforeSend` runs before a mail is
 * accepted (throw from it to simulate a failure or a cut-off: the mail is then not sent);
 * `afterSend` runs after (e.g. to advance a fake clock or start an overlapping run).
 */
export interface FakeSentMail {
  to: string[];
  subject: string;
  body: string;
  name: string;
  /** Optional label the test attaches (e.g. the simulated day). */
  tag: string;
}

export interface FakeMailApp {
  MailApp: Pick<GoogleAppsScript.Mail.MailApp, "getRemainingDailyQuota" | "sendEmail">;
  sent: FakeSentMail[];
  calls: Record<string, number>;
  quota: number;
  tag: string;
  beforeSend: ((mail: FakeSentMail) => void) | null;
  afterSend: ((mail: FakeSentMail) => void) | null;
}

export function createFakeMailApp(quota = 100): FakeMailApp {
  const fake: FakeMailApp = {
    sent: [],
    calls: {},
    quota,
    tag: "",
    beforeSend: null,
    afterSend: null,
    MailApp: undefined as unknown as FakeMailApp["MailApp"],
  };
  const count = (name: string) => {
    fake.calls[name] = (fake.calls[name] ?? 0) + 1;
  };
  const app = {
    getRemainingDailyQuota(): number {
      count("getRemainingDailyQuota");
      return fake.quota;
    },
    sendEmail(message: { to: string; subject: string; body: string; name?: string }): void {
      count("sendEmail");
      const to = message.to
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      if (to.length > fake.quota)
        throw new Error("Service invoked too many times for one day: email.");
      const mail: FakeSentMail = {
        to,
        subject: message.subject,
        body: message.body,
        name: message.name ?? "",
        tag: fake.tag,
      };
      fake.beforeSend?.(mail);
      fake.quota -= to.length;
      fake.sent.push(mail);
      fake.afterSend?.(mail);
    },
  };
  fake.MailApp = app as unknown as FakeMailApp["MailApp"];
  return fake;
}
