import type { ConversationSignal } from "../../contracts/signals.ts";
import { topics } from "../../bus/topics.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { conversationForAgent, findVisitorConversation } from "../conversations/access.ts";
import type { VisitorRef } from "../conversations/open-for-visitor.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

async function publish(deps: Deps, signal: Exclude<ConversationSignal, { kind: "availability" }>) {
  await deps.bus.publish(topics.conversationSignals(signal.conversationId), signal);
}

/** The conversation, if it belongs to the agent's organization (conversations/access.ts); NOT_FOUND otherwise. */
export function agentConversation(deps: Deps, agent: AgentIdentity, conversationId: string) {
  return conversationForAgent(deps, agent, conversationId, { id: true, lastSeq: true });
}

/** The visitor is typing (or stopped); with a draft, agents also see the text as it is typed. */
export async function sendVisitorTyping(deps: Deps, visitor: VisitorRef, input: { typing: boolean; draft?: string }) {
  const conversation = await findVisitorConversation(deps, visitor);
  if (!conversation) return;
  await publish(deps, { kind: "typing", conversationId: conversation.id, from: "visitor", agentId: null, typing: input.typing });
  if (input.draft !== undefined) await publish(deps, { kind: "draft", conversationId: conversation.id, body: input.draft });
}

export async function sendAgentTyping(deps: Deps, agent: AgentIdentity, input: { conversationId: string; typing: boolean }) {
  const conversation = await agentConversation(deps, agent, input.conversationId);
  await publish(deps, { kind: "typing", conversationId: conversation.id, from: "agent", agentId: agent.userId, typing: input.typing });
}

/**
 * Moves a side's read mark forward (never back, never past the last message) and tells the other side.
 * `GREATEST`-style monotonic update done as a conditional updateMany, so concurrent marks cannot move it backwards.
 */
async function markRead(
  deps: Deps,
  organizationId: string,
  conversation: { id: string; lastSeq: number },
  by: "visitor" | "agent",
  seq: number,
) {
  const upTo = Math.min(seq, conversation.lastSeq);
  const field = by === "visitor" ? "visitorReadSeq" : "agentReadSeq";
  const moved = await deps.db.conversation.updateMany({
    where: { id: conversation.id, organizationId, [field]: { lt: upTo } },
    data: { [field]: upTo },
  });
  if (moved.count > 0) await publish(deps, { kind: "read", conversationId: conversation.id, by, seq: upTo });
  return { seq: upTo };
}

export async function markReadByVisitor(deps: Deps, visitor: VisitorRef, input: { seq: number }) {
  const conversation = await findVisitorConversation(deps, visitor);
  if (!conversation) throw new AppError("NOT_FOUND", "no conversation yet");
  return markRead(deps, visitor.organizationId, conversation, "visitor", input.seq);
}

export async function markReadByAgent(deps: Deps, agent: AgentIdentity, input: { conversationId: string; seq: number }) {
  const conversation = await agentConversation(deps, agent, input.conversationId);
  return markRead(deps, agent.organizationId, conversation, "agent", input.seq);
}
