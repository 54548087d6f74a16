import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { progress } from "../../src/local/progress";
import { memoryIO } from "../../src/local/io";

function terminal() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  let time = 0;
  return {
    stream,
    now: () => time,
    advance: (ms: number) => (time += ms),
    text: () => text,
  };
}

describe("progress bar", () => {
  it("appears on a terminal once the work passes a second, and grows when more steps are learnt of", () => {
    const t = terminal();
    const bar = progress({ ...memoryIO(new Date()), isTTY: true }, "生成文档", 4, t);
    bar.tick("读取");
    expect(t.text()).toBe(""); // quick work: no bar
    t.advance(1500);
    bar.tick("计算");
    expect(t.text()).toContain("生成文档 [");
    expect(t.text()).toContain("2/4 计算");
    bar.expect(6);
    bar.tick("编排文档");
    bar.done(); // draws the last state
    expect(t.text()).toContain("3/10 编排文档");
  });

  it("draws nothing when the output is piped", () => {
    const t = terminal();
    const bar = progress(memoryIO(new Date()), "计算", 3, t);
    t.advance(5000);
    bar.tick("计算");
    bar.expect(3);
    bar.done();
    expect(t.text()).toBe("");
  });
});
