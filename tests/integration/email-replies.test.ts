import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../server/domain/deps.ts";
import { sendDueEmailReplies } from "../../server/domain/email-replies/email-replies.ts";
import { sendAgentMessage } from "../../server/domain/messages/send-agent-message.ts";
import { markReadByVisitor } from "../../server/domain/signals/send-signal.ts";
import { createSmtpMailer } from "../../server/mail/smtp-mailer.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { startSmtpSink } from "../support/smtp-sink.ts";
import { backends } from "../support/test-database.ts";

describe.each(backends())("offline messages and emailed replies on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let deps: Deps;
  let mailer: ReturnType<typeof createSmtpMailer>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    sink = await startSmtpSink();
    mailer = createSmtpMailer({ url: sink.url, from: "Acme support <support@acme.test>", replyAfterMs: 0 });
    deps = { ...world.deps, mailer };
  });
  afterAll(async () => {
    mailer?.close();
    await sink?.close();
    await world?.close();
  });

  it("a message left offline is stored with the visitor's contact; the unread reply is emailed once, escaped", async () => {
    const tenant = await createTenant(deps);
    const visitor = await tenant.visitor();
    const { caller } = await callerFor(deps, { visitorToken: visitor.token });
    const before = await world.deps.db.message.count();
    for (const [input, message] of [
      [{ name: "Ada", email: "not-an-email", body: "hello" }, "email: enter a valid email address"],
      [{ name: " ", email: "ada@example.com", body: "hello" }, "name: your name is required"],
      [{ name: "Ada", email: "ada@example.com", body: "x".repeat(5001) }, "body:"],
    ] as const) {
      await expect(caller.visitor.leaveMessage({ ...input, clientMsgId: clientMsgId() })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining(message),
      });
    }
    expect(await world.deps.db.message.count()).toBe(before);

    const left = await caller.visitor.leaveMessage({
      name: "Ada Lovelace",
      email: "Ada@Example.com",
      body: "Please call me back",
      clientMsgId: clientMsgId(),
    });
    expect(await world.deps.db.visitor.findUniqueOrThrow({ where: { id: visitor.visitorId } })).toMatchObject({
      name: "Ada Lovelace",
      email: "ada@example.com",
    });

    await sendAgentMessage(deps, tenant.agent, {
      conversationId: left.conversationId,
      clientMsgId: clientMsgId(),
      body: "We will <b>call</b> you at 5 & no later",
    });
    // Two nodes sweep at once: one email.
    const [nodeA, nodeB] = [
      { ...world.nodes[0]!, mailer },
      { ...world.nodes[1]!, mailer },
    ];
    const sent = await Promise.all([sendDueEmailReplies(nodeA), sendDueEmailReplies(nodeB)]);
    expect(sent[0] + sent[1]).toBe(1);
    expect(await sendDueEmailReplies(deps)).toBe(0);
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail!.to).toEqual(["ada@example.com"]);
    expect(mail!.raw).toContain("New reply from Acme shop");
    expect(mail!.raw).toContain("We will <b>call</b> you at 5 & no later");
    expect(mail!.raw).toContain("We will &lt;b&gt;call&lt;/b&gt; you at 5 &amp; no later");
  });

  it("a reply the visitor read in the chat before it was due is not emailed; without an address nothing is queued", async () => {
    const tenant = await createTenant(deps);
    const visitor = await tenant.visitor();
    const { caller } = await callerFor(deps, { visitorToken: visitor.token });
    const left = await caller.visitor.leaveMessage({ name: "Bo", email: "bo@example.com", body: "hi", clientMsgId: clientMsgId() });
    const reply = await sendAgentMessage(deps, tenant.agent, {
      conversationId: left.conversationId,
      clientMsgId: clientMsgId(),
      body: "hello Bo",
    });
    await markReadByVisitor(deps, visitor, { seq: reply.seq });
    const mails = sink.received.length;
    await sendDueEmailReplies(deps);
    expect(sink.received.length).toBe(mails);
    expect(await world.deps.db.emailReply.findUniqueOrThrow({ where: { messageId: reply.id } })).toMatchObject({ status: "skipped" });

    const anonymous = await tenant.visitor();
    const chat = await (await callerFor(deps, { visitorToken: anonymous.token })).caller.visitor.send({
      clientMsgId: clientMsgId(),
      body: "no email here",
    });
    const answer = await sendAgentMessage(deps, tenant.agent, {
      conversationId: chat.conversationId,
      clientMsgId: clientMsgId(),
      body: "hi",
    });
    expect(await world.deps.db.emailReply.count({ where: { messageId: answer.id } })).toBe(0);
  });
});
