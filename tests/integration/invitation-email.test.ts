import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../server/domain/deps.ts";
import { createSmtpMailer } from "../../server/mail/smtp-mailer.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { startSmtpSink, type ReceivedMail } from "../support/smtp-sink.ts";
import { backends } from "../support/test-database.ts";
import { agentCaller } from "./inbox-support.ts";

/** Quoted-printable (RFC 2045) to text: soft line breaks removed, =XX bytes decoded as UTF-8. */
function unQuote(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, "");
  for (let at = 0; at < joined.length; at++) {
    const hex = joined[at] === "=" ? /^[0-9A-F]{2}/.exec(joined.slice(at + 1))?.[0] : undefined;
    if (hex) {
      bytes.push(parseInt(hex, 16));
      at += 2;
    } else bytes.push(...Buffer.from(joined[at]!));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** A received message's subject (RFC 2047 words) and text/plain part (base64 or quoted-printable), decoded. */
function readMail(mail: ReceivedMail) {
  const head = mail.raw.split(/\r?\n\r?\n/)[0]!;
  const subject = (/^Subject: ([\s\S]*?)\r?\n(?=\S)/m.exec(head)?.[1] ?? "")
    .split(/\r?\n\s+/)
    .map((word) =>
      word.replace(/^=\?UTF-8\?([QB])\?(.*)\?=$/i, (_, kind: string, encoded: string) =>
        kind.toUpperCase() === "B" ? Buffer.from(encoded, "base64").toString("utf8") : unQuote(encoded.replace(/_/g, " ")),
      ),
    )
    .join("");
  const part = /Content-Type: text\/plain[^\n]*\r?\nContent-Transfer-Encoding: ([\w-]+)\r?\n\r?\n([\s\S]*?)\r?\n----/.exec(mail.raw);
  const [, encoding = "7bit", body = ""] = part ?? [];
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? unQuote(body)
        : body;
  return { subject, text };
}

describe.each(backends())("invitations by email on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let mailer: ReturnType<typeof createSmtpMailer>;
  let deps: Deps;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    sink = await startSmtpSink({ refuse: (address) => address.startsWith("bounce") });
    mailer = createSmtpMailer({ url: sink.url, from: "Parley <no-reply@parley.test>", replyAfterMs: 0 });
    deps = { ...world.deps, mailer };
  });
  afterAll(async () => {
    mailer?.close();
    await sink?.close();
    await world?.close();
  });

  it("with SMTP configured the link is emailed (in English) and also returned; the emailed link lets the person join", async () => {
    const tenant = await createTenant(deps, "Acme");
    const admin = (await agentCaller(deps, tenant.admin.email)).caller;
    const invitation = await admin.admin.agents.invite({ email: `New.Agent-${backend}@Example.test`, role: "agent" });
    expect(invitation.email).toEqual({ status: "sent" });
    const mails = sink.received.filter((mail) => mail.to.includes(`new.agent-${backend}@example.test`));
    expect(mails).toHaveLength(1);
    const { subject, text } = readMail(mails[0]!);
    expect(subject).toBe("Acme Admin invited you to Acme on Parley");
    expect(text).toContain("Acme Admin invited you to join Acme on Parley as an agent.");
    expect(text).toContain(invitation.link);
    expect(text).toContain("The link works once and expires on");

    const token = /\/invite\/([\w-]{43})/.exec(text)![1]!;
    const visitorSide = (await callerFor(deps)).caller;
    await visitorSide.invitation.accept({ token, name: "New Agent", password: testPassword });
    expect(await world.deps.db.user.findUnique({ where: { email: `new.agent-${backend}@example.test` } })).toMatchObject({
      name: "New Agent",
      role: "agent",
    });
    const [audit] = await world.deps.db.auditLog.findMany({
      where: { organizationId: tenant.organization.id, action: "invitation.create" },
    });
    expect(audit?.details).toMatchObject({ emailed: true, role: "agent" });
  });

  it("an organization whose default language is Chinese sends the invitation in Chinese", async () => {
    const tenant = await createTenant(deps, "Hua");
    const admin = (await agentCaller(deps, tenant.admin.email)).caller;
    await admin.admin.organization.update({ name: "华东商城", defaultLanguage: "zh-CN" });
    const invitation = await admin.admin.agents.invite({ email: `zh-${backend}@example.test`, role: "admin" });
    expect(invitation.email).toEqual({ status: "sent" });
    const { subject, text } = readMail(sink.received.find((mail) => mail.to.includes(`zh-${backend}@example.test`))!);
    expect(subject).toBe("Hua Admin 邀请你加入 华东商城 的 Parley");
    expect(text).toContain("Hua Admin 邀请你以管理员身份加入 华东商城 的 Parley 客服工作台。");
    expect(text).toContain(invitation.link);
    expect(text).toContain("链接只能使用一次");
  });

  it("a refused send keeps the invitation: the link is returned with the error, and it still works", async () => {
    const tenant = await createTenant(deps, "Bounce");
    const admin = (await agentCaller(deps, tenant.admin.email)).caller;
    const received = sink.received.length;
    const invitation = await admin.admin.agents.invite({ email: `bounce-${backend}@example.test`, role: "agent" });
    expect(invitation.email).toEqual({ status: "failed", error: expect.stringContaining("550 mailbox unavailable") });
    expect(sink.received.length).toBe(received);
    expect((await admin.admin.agents.invitations()).map((row) => row.email)).toEqual([`bounce-${backend}@example.test`]);
    const token = invitation.link.split("/invite/")[1]!;
    expect(await (await callerFor(deps)).caller.invitation.describe({ token })).toMatchObject({
      email: `bounce-${backend}@example.test`,
      organizationName: "Bounce",
    });
    const [audit] = await world.deps.db.auditLog.findMany({
      where: { organizationId: tenant.organization.id, action: "invitation.create" },
    });
    expect(audit?.details).toMatchObject({ emailed: false });
  });

  it("an unreachable SMTP server is a failed send too, not a failed invitation", async () => {
    const closed = await startSmtpSink();
    await closed.close();
    const unreachable = createSmtpMailer({ url: closed.url, from: "Parley <no-reply@parley.test>", replyAfterMs: 0 });
    const offline = { ...world.deps, mailer: unreachable };
    const tenant = await createTenant(offline, "Dark");
    const admin = (await agentCaller(offline, tenant.admin.email)).caller;
    const invitation = await admin.admin.agents.invite({ email: `dark-${backend}@example.test`, role: "agent" });
    unreachable.close();
    expect(invitation.email).toMatchObject({ status: "failed", error: expect.stringContaining("ECONNREFUSED") });
    expect(invitation.link).toMatch(/\/invite\/[\w-]{43}$/);
    expect(await world.deps.db.invitation.count({ where: { organizationId: tenant.organization.id } })).toBe(1);
  });

  it("without SMTP nothing is emailed and the admin is told to pass the link on; bad input sends nothing", async () => {
    const tenant = await createTenant(world.deps, "Plain");
    const admin = (await agentCaller(world.deps, tenant.admin.email)).caller;
    const received = sink.received.length;
    const invitation = await admin.admin.agents.invite({ email: `plain-${backend}@example.test`, role: "agent" });
    expect(invitation.email).toEqual({ status: "not_configured" });
    const mailing = (await agentCaller(deps, tenant.admin.email)).caller;
    await expect(mailing.admin.agents.invite({ email: "not-an-email", role: "agent" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(mailing.admin.agents.invite({ email: tenant.admin.email, role: "agent" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(sink.received.length).toBe(received);
  });
});
