/**
 * Installable triggers belong to their installer, and getProjectTriggers() shows each user only
 * their own. A second administrator pressing 安装定时任务 is told who installed them instead
 * of installing a second set.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AppsScriptWorld, type EntryPoint } from "../fakes/appsScript";
import { builtBundle } from "../fakes/county";
import { manifestScopes } from "../fakes/scopes";
import { openDialog } from "../fakes/htmlService";

let bundle: Record<string, EntryPoint>;
beforeAll(() => {
  bundle = builtBundle();
});

const SECOND = "admin2@example.gov.cn";

/** Press 安装定时任务 as `user`; its dialog's text, after 是 or 否 when `answer` is given. */
async function installedBy(
  world: AppsScriptWorld,
  user?: string,
  answer?: "yes" | "no",
): Promise<string> {
  const run = world.run("menu", () => bundle.menuInstallTriggers(), user ? { user } : {});
  expect(run.error).toBeUndefined();
  const dialog = await openDialog(world, bundle, user ? { user } : {});
  expect(dialog.title).toBe("安装定时任务");
  await dialog.settle();
  const shown = dialog.output();
  expect(dialog.el("yes").hidden).toBe(!shown.includes("是否改由您安装"));
  if (!answer) return shown;
  dialog.el(answer).click();
  await dialog.settle();
  return `${shown}\n${dialog.output()}`;
}

describe("安装定时任务 by a second administrator", () => {
  it("records the installer and tells the second administrator instead of installing again", async () => {
    const world = new AppsScriptWorld(manifestScopes());

    expect(await installedBy(world)).toContain("已安装定时任务（安装人：admin1@example.gov.cn）");
    const owner = JSON.parse(world.props.documentValues.get("cadre-care.triggers.owner") ?? "{}");
    expect(owner.email).toBe("admin1@example.gov.cn");

    // The second administrator sees no triggers of their own, and declines to take over.
    const text = await installedBy(world, SECOND, "no");
    expect(text).toContain("定时任务已由 admin1@example.gov.cn");
    expect(text).toContain("未安装：定时任务由 admin1@example.gov.cn");
    expect(world.scripts.triggers.map((t) => [t.handler, t.owner])).toEqual([
      ["dailyDeadlineCheck", "admin1@example.gov.cn"],
      ["auditEdit", "admin1@example.gov.cn"],
    ]);
    // The first administrator pressing it again keeps theirs.
    expect(await installedBy(world)).toBe("定时任务已安装，无需重复安装。");
    expect(world.scripts.triggers).toHaveLength(2);
  });

  it("lets the second administrator take over deliberately, recording them", async () => {
    const world = new AppsScriptWorld(manifestScopes());
    await installedBy(world);
    expect(await installedBy(world, SECOND, "yes")).toContain(
      `已安装定时任务（安装人：${SECOND}）`,
    );
    const owner = JSON.parse(world.props.documentValues.get("cadre-care.triggers.owner") ?? "{}");
    expect(owner.email).toBe(SECOND);
  });

  it("treats an installer Google gave no address for as someone else", async () => {
    const world = new AppsScriptWorld(manifestScopes());
    world.activeEmail = "";
    await installedBy(world);
    world.activeEmail = null;
    expect(await installedBy(world, SECOND)).toContain("定时任务已由 另一位管理员");
    expect(world.scripts.triggers).toHaveLength(2);
  });
});
