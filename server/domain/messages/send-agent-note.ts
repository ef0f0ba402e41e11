import type { SendAck } from "../../contracts/messages.ts";
import type { PersonalEvent } from "../../contracts/inbox.ts";
import { topics } from "../../bus/topics.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { conversationForAgent } from "../conversations/access.ts";
import { appendMessage } from "./append-message.ts";
import { previewOf } from "./message-dto.ts";

/**
 * A private note in the thread: stored like any message (type "note"), shown to agents only — the visitor's thread,
 * its live stream and the inbox preview leave notes out. Agents mentioned as `@Name` or `@emailname` get a
 * personal notification.
 */
export async function sendAgentNote(
  deps: Deps,
  agent: AgentIdentity,
  input: { conversationId: string; clientMsgId: string; body: string },
): Promise<SendAck & { mentioned: string[] }> {
  const conversation = await conversationForAgent(deps, agent, input.conversationId, { id: true });
  const { message, duplicate } = await appendMessage(deps, {
    organizationId: agent.organizationId,
    conversationId: conversation.id,
    clientMsgId: input.clientMsgId,
    senderKind: "agent",
    senderId: agent.userId,
    type: "note",
    body: input.body,
  });
  const mentioned = duplicate ? [] : await mentionedAgents(deps, agent, input.body);
  for (const userId of mentioned) {
    const event: PersonalEvent = {
      kind: "mention",
      conversationId: conversation.id,
      seq: message.seq,
      byUserId: agent.userId,
      byName: agent.name,
      preview: previewOf(input.body),
    };
    await deps.bus.publish(topics.agent(userId), event).catch((error: unknown) => {
      deps.log.error("mention publish failed", { userId, error: String(error) });
    });
  }
  return { id: message.id, conversationId: conversation.id, seq: message.seq, duplicate, mentioned };
}

/** Other agents of the organization named in the note: `@Full Name` or `@local-part-of-email`, any case. */
async function mentionedAgents(deps: Deps, author: AgentIdentity, body: string): Promise<string[]> {
  if (!body.includes("@")) return [];
  const text = body.toLowerCase();
  const users = await deps.db.user.findMany({
    where: { organizationId: author.organizationId },
    select: { id: true, name: true, email: true },
  });
  return users
    .filter((user) => user.id !== author.userId)
    .filter((user) => mentions(text, user.name.toLowerCase()) || mentions(text, user.email.split("@")[0]!.toLowerCase()))
    .map((user) => user.id);
}

/** `@name` followed by the end, whitespace or punctuation, so `@ann` does not mention Anna. */
function mentions(text: string, name: string): boolean {
  let at = text.indexOf(`@${name}`);
  while (at !== -1) {
    const next = text[at + name.length + 1];
    if (next === undefined || !/[\p{L}\p{N}_-]/u.test(next)) return true;
    at = text.indexOf(`@${name}`, at + 1);
  }
  return false;
}
