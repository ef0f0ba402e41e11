import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { createTrpcHttpHandler } from "../../server/trpc/http-handler.ts";
import { createTRPCClient, httpSubscriptionLink } from "@trpc/client";
import { EventSource as FetchEventSource } from "eventsource";
import { withBearer } from "../../client/links/resilient-links.ts";
import type { AppRouter } from "../../server/trpc/router.ts";
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
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(
        block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
      );
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
  /** What reached the server: every request's URL and Authorization header (what a proxy's access log would keep). */
  const seen: { url: string; authorization: string | undefined }[] = [];
  beforeAll(async () => {
    world = await createTestWorld(backend);
    const handler = createTrpcHttpHandler(world.deps);
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
      return handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
  });

  it("streams a visitor's thread authenticated by the Authorization header, and resumes from Last-Event-ID", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "one" });
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "two" });
    const params = `input=${encodeURIComponent("{}")}`;
    const auth = { authorization: `Bearer ${visitor.token}` };
    const first = await readEvents(`${base}/visitor.onThread?${params}`, 2, auth);
    expect(first.map((event) => [event.id, event.data.body])).toEqual([
      ["1", "one"],
      ["2", "two"],
    ]);

    const resumed = readEvents(`${base}/visitor.onThread?${params}`, 1, { ...auth, "last-event-id": "2" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "three" });
    expect((await resumed).map((event) => [event.id, event.data.body])).toEqual([["3", "three"]]);
  });

  it("the client's stream carries the token in a header, never in the URL", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "over sse" });
    // The same link the widget uses once WebSocket proved blocked (client/links/resilient-links.ts).
    const client = createTRPCClient<AppRouter>({
      links: [
        httpSubscriptionLink({
          url: base,
          EventSource: FetchEventSource,
          eventSourceOptions: () => ({ fetch: withBearer(async () => visitor.token) }),
        }),
      ],
    });
    seen.length = 0;
    const body = await new Promise<string>((resolve, reject) => {
      const subscription = client.visitor.onThread.subscribe(
        {},
        {
          onData: ({ data }) => {
            subscription.unsubscribe();
            resolve(data.body);
          },
          onError: reject,
        },
      );
    });
    expect(body).toBe("over sse");
    const streams = seen.filter((request) => request.url.includes("visitor.onThread"));
    expect(streams.length).toBeGreaterThan(0);
    for (const request of streams) {
      expect(request.url).not.toContain(visitor.token);
      expect(request.url).not.toContain("connectionParams");
      expect(request.authorization).toBe(`Bearer ${visitor.token}`);
    }
  });

  it("ignores a token put in the URL: the stream is refused as without one", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "secret" });
    const text = await readText(
      `${base}/visitor.onThread?input=${encodeURIComponent("{}")}&connectionParams=${encodeURIComponent(JSON.stringify({ visitorToken: visitor.token }))}`,
      {},
      "UNAUTHORIZED",
    );
    expect(text).toContain("UNAUTHORIZED");
    expect(text).not.toContain("secret");
  });

  it("refuses a stream without a valid token with a clear error", async () => {
    const text = await readText(
      `${base}/visitor.onThread?input=${encodeURIComponent("{}")}`,
      { authorization: "Bearer forged" },
      "visitor token",
    );
    expect(text).toContain("visitor token is invalid");
    expect(text).toContain("UNAUTHORIZED");
  });
});

/** The stream's raw text until `until` appears (or it ends). */
async function readText(url: string, headers: Record<string, string>, until: string) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  const reader = response.body!.getReader();
  let text = "";
  const deadline = Date.now() + 8000;
  while (!text.includes(until) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  controller.abort();
  return text;
}
