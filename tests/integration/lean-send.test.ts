import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { callLimitDefaults } from "../../server/trpc/call-limits.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { rawTrpcSocket, type RawResponse } from "../support/raw-socket.ts";
import { backends } from "../support/test-database.ts";
import { startWsServer } from "../support/ws-server.ts";
import { until } from "./inbox-support.ts";

/**
 * A frame that is one `visitor.send` is answered beside tRPC (server/trpc/lean-calls.ts); a batch still goes through
 * tRPC. So the same call sent both ways must get the same answer — result and every error shape — and the lean
 * answers must spend the same per-call budgets.
 */
describe.each(backends())("visitor.send answered beside tRPC on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let server: Awaited<ReturnType<typeof startWsServer>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 1);
    server = await startWsServer(world.deps);
    tenant = await createTenant(world.deps);
  });
  afterAll(async () => {
    await server?.stop();
    await world?.close();
  });

  /** One call as a single frame (answered beside tRPC) and as a batch of one (answered by tRPC). */
  async function bothWays(socket: ReturnType<typeof rawTrpcSocket>, input: (i: number) => unknown) {
    const single = (await socket.call("mutation", "visitor.send", input(0))) as RawResponse;
    const [id] = socket.batch([{ method: "mutation", path: "visitor.send", input: input(1) }]);
    await until(() => socket.responses.has(id!));
    return { lean: single, trpc: socket.responses.get(id!)! };
  }

  /** The answer but its id, and the stack (shown outside production only: it names the code that threw). */
  const withoutId = ({ id: _id, ...rest }: RawResponse) => {
    if (!rest.error?.data) return rest;
    const { stack: _stack, ...data } = rest.error.data as { stack?: string };
    return { ...rest, error: { ...rest.error, data } };
  };

  it("answers exactly as tRPC does: the ack, an input error, a refused domain call, a socket without a visitor", async () => {
    const visitor = await tenant.visitor();
    const socket = rawTrpcSocket(server.url, {}, visitor.token);
    await socket.opened;

    const ok = await bothWays(socket, () => ({ clientMsgId: clientMsgId(), body: "hello" }));
    expect(ok.lean.result?.data).toMatchObject({ seq: 1, duplicate: false });
    expect(ok.trpc.result?.data).toMatchObject({ seq: 2, duplicate: false });
    expect(Object.keys(ok.lean.result!.data as object)).toEqual(Object.keys(ok.trpc.result!.data as object));

    const badInput = await bothWays(socket, () => ({ clientMsgId: clientMsgId(), body: "" }));
    expect(badInput.lean.error?.data?.code).toBe("BAD_REQUEST");
    expect(withoutId(badInput.lean)).toEqual(withoutId(badInput.trpc));

    // The same clientMsgId retried is acked as a duplicate both ways.
    const again = clientMsgId();
    const duplicate = await bothWays(socket, () => ({ clientMsgId: again, body: "twice" }));
    expect([duplicate.lean.result?.data, duplicate.trpc.result?.data]).toMatchObject([{ duplicate: false }, { duplicate: true }]);

    socket.socket.terminate();

    // A refusal from the domain (an AppError: the visitor's message budget, here 2 a minute) keeps its code and details.
    const strict = await startWsServer({
      ...world.deps,
      limits: { ...world.deps.limits, settings: { ...world.deps.limits.settings, messagesPerVisitorPerMinute: 2 } },
    });
    const limited = rawTrpcSocket(strict.url, {}, (await tenant.visitor()).token);
    await limited.opened;
    await bothWays(limited, () => ({ clientMsgId: clientMsgId(), body: "one of two" }));
    const refused = await bothWays(limited, () => ({ clientMsgId: clientMsgId(), body: "too fast" }));
    expect(refused.lean.error?.data).toMatchObject({ code: "TOO_MANY_REQUESTS", details: { retryAfterSeconds: expect.any(Number) } });
    expect(withoutId(refused.lean)).toEqual(withoutId(refused.trpc));
    limited.socket.terminate();
    await strict.stop();

    const anonymous = rawTrpcSocket(server.url);
    await anonymous.opened;
    const unauthorized = await bothWays(anonymous, () => ({ clientMsgId: clientMsgId(), body: "who am I" }));
    expect(unauthorized.lean.error?.data?.code).toBe("UNAUTHORIZED");
    expect(withoutId(unauthorized.lean)).toEqual(withoutId(unauthorized.trpc));
    anonymous.socket.terminate();
  });

  it("spends the socket's call budget per call: past it a clear refusal, and every stored message was acked", async () => {
    const visitor = await tenant.visitor();
    const { conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "first" });
    const socket = rawTrpcSocket(server.url, {}, visitor.token);
    await socket.opened;
    const calls = callLimitDefaults.callsPerSecond + 10;
    const answers = await Promise.all(
      Array.from({ length: calls }, () => socket.call("mutation", "visitor.send", { clientMsgId: clientMsgId(), body: "burst" })),
    );
    const acked = answers.filter((answer) => answer !== "closed" && answer.result).length;
    const refused = answers.filter((answer) => answer !== "closed" && answer.error);
    expect(acked).toBeLessThanOrEqual(callLimitDefaults.callsPerSecond);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((answer) => answer !== "closed" && answer.error?.data?.code === "TOO_MANY_REQUESTS")).toBe(true);
    expect(await world.deps.db.message.count({ where: { conversationId, body: "burst" } })).toBe(acked);
    socket.socket.terminate();
  });
});
