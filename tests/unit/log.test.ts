import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { asLogger, createPinoLogger } from "../../server/log.ts";

function capture(level: Parameters<typeof createPinoLogger>[1] = "info") {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: asLogger(createPinoLogger({ pid: 42, node: "host/42" }, level, sink as never)) };
}

describe("the structured logger", () => {
  it("writes one JSON object per event with level, message, base fields and the event's ids", () => {
    const { lines, log } = capture();
    log.info("message committed", { conversationId: "c1", requestId: "r1" });
    log.warn("slow", { ms: 300 });
    log.error("failed", { error: "boom" });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        severity: "info",
        msg: "message committed",
        pid: 42,
        node: "host/42",
        conversationId: "c1",
        requestId: "r1",
        time: expect.any(Number),
      }),
      expect.objectContaining({ level: 40, severity: "warn", msg: "slow", ms: 300 }),
      expect.objectContaining({ level: 50, severity: "error", msg: "failed", error: "boom" }),
    ]);
  });

  it("never writes secrets or what people wrote, at the top level or one level down", () => {
    const { lines, log } = capture("debug");
    log.info("login", { email: "a@b.test", password: "hunter22", token: "prl_x", authorization: "Bearer x", cookie: "s=1" });
    log.debug("send", { conversationId: "c1", input: { body: "my card number is 4111…", clientMsgId: "m1" }, body: "hello" });
    const text = JSON.stringify(lines);
    for (const secret of ["hunter22", "prl_x", "Bearer x", "s=1", "4111", "hello"]) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ email: "a@b.test", password: "[redacted]", token: "[redacted]" });
    expect(lines[1]).toMatchObject({ conversationId: "c1", input: { body: "[redacted]", clientMsgId: "m1" }, body: "[redacted]" });
  });

  it("drops events below the configured level", () => {
    const { lines, log } = capture("warn");
    log.info("chatty");
    log.debug("chattier");
    log.warn("kept");
    expect(lines.map((line) => line.msg)).toEqual(["kept"]);
  });
});
