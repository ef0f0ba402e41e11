import type { Deps } from "../deps.ts";
import { isUniqueViolation } from "../errors.ts";
import { displayName } from "../../contracts/display-text.ts";

const maxAttempts = 5;
const retryAfterMs = 60_000;

/**
 * An agent's reply to a visitor who left an email: queued to go out by email if they have not read it in the chat
 * after the mailer's delay. Nothing is queued without a mailer (SMTP_URL) or an address.
 */
export async function queueEmailReply(deps: Deps, organizationId: string, message: { id: string; conversationId: string }) {
  if (!deps.mailer) return;
  const conversation = await deps.db.conversation.findFirst({
    where: { id: message.conversationId, organizationId },
    select: { visitor: { select: { email: true } } },
  });
  const to = conversation?.visitor.email;
  if (!to) return;
  try {
    await deps.db.emailReply.create({
      data: {
        organizationId,
        conversationId: message.conversationId,
        messageId: message.id,
        toAddress: to,
        dueAt: new Date(deps.now().getTime() + deps.mailer.replyAfterMs),
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function readable(message: { type: string; body: string }): string {
  if (message.type !== "attachment") return message.body;
  try {
    return `📎 ${displayName((JSON.parse(message.body) as { name?: string }).name ?? "file")}`;
  } catch {
    return "📎";
  }
}

/**
 * Sends the email replies that are due, each once: claimed by compare-and-set on status (several nodes may run this),
 * skipped when the visitor read the reply in the chat meanwhile, retried a few times when SMTP fails.
 */
export async function sendDueEmailReplies(deps: Deps): Promise<number> {
  const mailer = deps.mailer;
  if (!mailer) return 0;
  const due = await deps.db.emailReply.findMany({
    where: { status: "pending", dueAt: { lte: deps.now() } },
    orderBy: { dueAt: "asc" },
    take: 20,
  });
  let sent = 0;
  for (const reply of due) {
    const claimed = await deps.db.emailReply.updateMany({
      where: { id: reply.id, status: "pending", attempts: reply.attempts },
      data: { status: "sending", attempts: { increment: 1 } },
    });
    if (claimed.count === 0) continue;
    const [conversation, message] = await Promise.all([
      deps.db.conversation.findFirst({
        where: { id: reply.conversationId, organizationId: reply.organizationId },
        select: { visitorReadSeq: true, site: { select: { name: true } }, visitor: { select: { name: true, currentPage: true } } },
      }),
      deps.db.message.findFirst({
        where: { id: reply.messageId, organizationId: reply.organizationId },
        select: { seq: true, type: true, body: true },
      }),
    ]);
    if (!conversation || !message || conversation.visitorReadSeq >= message.seq) {
      await deps.db.emailReply.update({ where: { id: reply.id }, data: { status: "skipped" } });
      continue;
    }
    const text = readable(message);
    const back = conversation.visitor.currentPage;
    try {
      await mailer.send({
        to: reply.toAddress,
        subject: `New reply from ${conversation.site.name}`,
        text: `${text}\n\n${back ? `Continue the conversation: ${back}\n` : ""}`,
        html: `<p>${escapeHtml(text).replace(/\n/g, "<br>")}</p>${back ? `<p><a href="${escapeHtml(back)}">Continue the conversation</a></p>` : ""}`,
      });
      await deps.db.emailReply.update({ where: { id: reply.id }, data: { status: "sent", sentAt: deps.now(), lastError: null } });
      sent++;
    } catch (error) {
      const giveUp = reply.attempts + 1 >= maxAttempts;
      await deps.db.emailReply.update({
        where: { id: reply.id },
        data: {
          status: giveUp ? "failed" : "pending",
          dueAt: new Date(deps.now().getTime() + retryAfterMs),
          lastError: String(error instanceof Error ? error.message : error).slice(0, 500),
        },
      });
    }
  }
  return sent;
}
