import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { createTrpcHttpHandler } from "../../server/trpc/http-handler.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

/** Reads server-sent events until `count` data events with an id arrived, then stops the request. */
async function readEvents(url: string, count: number, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const events: { id: string; data: { seq: number; body: string } }[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = response.body!.getReader();
  const deadline = Date.now() + 8000;
  while (events.length < count && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]));
      if (fields.id && fields.data) events.push({ id: fields.id, data: JSON.parse(fields.data) });
    }
  }
  controller.abort();
  return events;
}

describe.each(backends())("subscriptions over server-sent events (the WebSocket fallback) on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    server = createServer(createTrpcHttpHandler(world.deps));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
  });

  it("streams a visitor's thread authenticated by connectionParams, and resumes from Last-Event-ID", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "one" });
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "two" });
    const params = `input=${encodeURIComponent("{}")}&connectionParams=${encodeURIComponent(JSON.stringify({ visitorToken: visitor.token }))}`;
    const first = await readEvents(`${base}/visitor.onThread?${params}`, 2);
    expect(first.map((event) => [event.id, event.data.body])).toEqual([
      ["1", "one"],
      ["2", "two"],
    ]);

    const resumed = readEvents(`${base}/visitor.onThread?${params}`, 1, { "last-event-id": "2" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "three" });
    expect((await resumed).map((event) => [event.id, event.data.body])).toEqual([["3", "three"]]);
  });

  it("refuses a stream without a valid token with a clear error", async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/visitor.onThread?input=${encodeURIComponent("{}")}&connectionParams=${encodeURIComponent(JSON.stringify({ visitorToken: "forged" }))}`, {
      headers: { accept: "text/event-stream" },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("visitor token")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain("visitor token is invalid");
    expect(text).toContain("UNAUTHORIZED");
  });
});
