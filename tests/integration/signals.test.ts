import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationSignal } from "../../server/contracts/signals.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

async function collect(iterable: AsyncIterable<unknown>, into: ConversationSignal[]) {
  for await (const item of iterable) into.push(item as ConversationSignal);
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe.each(backends())("conversation signals on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
  });
  afterAll(() => world?.close());

  it("agents see the visitor's typing and draft; the visitor sees agent typing but never its own draft", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const { conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "hi" });
    const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
    const session = await callerFor(world.nodes[1]!);
    await session.caller.auth.login({ email: tenant.admin.email, password: "correct horse battery staple" });
    const asAgent = (await callerFor(world.nodes[1]!, { cookie: session.setCookies[0]!.split(";")[0] })).caller;

    const stop = new AbortController();
    const agentSide: ConversationSignal[] = [];
    const visitorSide: ConversationSignal[] = [];
    const cookie = session.setCookies[0]!.split(";")[0];
    const watchingAgent = (await callerFor(world.nodes[1]!, { cookie, signal: stop.signal })).caller;
    const watchingVisitor = (await callerFor(world.deps, { visitorToken: visitor.token, signal: stop.signal })).caller;
    void collect(await watchingAgent.agent.onSignals({ conversationId }), agentSide);
    void collect(await watchingVisitor.visitor.onSignals(), visitorSide);
    await new Promise((resolve) => setTimeout(resolve, 150));

    await asVisitor.visitor.typing({ typing: true, draft: "I would like to ret" });
    await asAgent.agent.typing({ conversationId, typing: true });
    await until(() => agentSide.length >= 3 && visitorSide.length >= 1);
    stop.abort();
    expect(agentSide.map((signal) => signal.kind)).toEqual(["typing", "draft", "typing"]);
    expect(agentSide).toContainEqual({ kind: "draft", conversationId, body: "I would like to ret" });
    // Availability (defect 2 of issue #13) rides the same stream; it is tested below.
    expect(visitorSide.filter((signal) => signal.kind !== "availability")).toEqual([
      { kind: "typing", conversationId, from: "agent", agentId: tenant.admin.id, typing: true },
    ]);
  });

  it("a visitor's stream follows whether an agent is online, before and after their first message, across nodes", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const session = await callerFor(world.nodes[1]!);
    await session.caller.auth.login({ email: tenant.admin.email, password: "correct horse battery staple" });
    const asAgent = (await callerFor(world.nodes[1]!, { cookie: session.setCookies[0]!.split(";")[0] })).caller;
    const stop = new AbortController();
    const before: ConversationSignal[] = [];
    // No conversation yet: the stream carries availability only, and stays open.
    void collect(
      await (await callerFor(world.deps, { visitorToken: visitor.token, signal: stop.signal })).caller.visitor.onSignals(),
      before,
    );
    await until(() => before.length >= 1);
    expect(before).toEqual([{ kind: "availability", conversationId: null, online: false }]);
    await asAgent.agent.workspace.setStatus({ status: "online" });
    await until(() => before.length >= 2);
    expect(before[1]).toEqual({ kind: "availability", conversationId: null, online: true });

    const { conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "hi" });
    const after: ConversationSignal[] = [];
    void collect(
      await (await callerFor(world.deps, { visitorToken: visitor.token, signal: stop.signal })).caller.visitor.onSignals(),
      after,
    );
    await until(() => after.some((signal) => signal.kind === "availability"));
    expect(after.filter((signal) => signal.kind === "availability")).toEqual([{ kind: "availability", conversationId, online: true }]);
    await asAgent.agent.workspace.setStatus({ status: "away" });
    await until(() => after.filter((signal) => signal.kind === "availability").length >= 2 && before.length >= 3);
    stop.abort();
    expect(after.filter((signal) => signal.kind === "availability").at(-1)).toEqual({
      kind: "availability",
      conversationId,
      online: false,
    });
    expect(before.at(-1)).toEqual({ kind: "availability", conversationId: null, online: false });
  });

  it("read marks only move forward and never past the last message", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    for (let i = 0; i < 3; i++) await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: `m${i}` });
    const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
    expect(await asVisitor.visitor.markRead({ seq: 99 })).toEqual({ seq: 3 });
    expect(await asVisitor.visitor.markRead({ seq: 1 })).toEqual({ seq: 1 });
    const conversation = await world.deps.db.conversation.findFirstOrThrow({ where: { visitorId: visitor.visitorId } });
    expect(conversation.visitorReadSeq).toBe(3);
    await expect(asVisitor.visitor.markRead({ seq: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("an agent of another organization cannot watch or mark a conversation", async () => {
    const acme = await createTenant(world.deps, "Acme");
    const globex = await createTenant(world.deps, "Globex");
    const visitor = await acme.visitor();
    const { conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "secret" });
    const session = await callerFor(world.deps);
    await session.caller.auth.login({ email: globex.admin.email, password: "correct horse battery staple" });
    const intruder = (await callerFor(world.deps, { cookie: session.setCookies[0]!.split(";")[0] })).caller;
    await expect(intruder.agent.markRead({ conversationId, seq: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(intruder.agent.typing({ conversationId, typing: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const stream = await intruder.agent.onSignals({ conversationId });
    await expect((stream as AsyncIterable<unknown>)[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
