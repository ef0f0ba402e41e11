import { ulid } from "ulid";
import { threadEventBody } from "../../contracts/thread-events.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { appendMessage } from "../messages/append-message.ts";
import { newMessageId } from "../messages/message-id.ts";
import { sendAgentNote } from "../messages/send-agent-note.ts";
import { afterCommit } from "../effects.ts";
import { conversationForAgent } from "./access.ts";
import { occupyingStates } from "./agent-load.ts";

/** A conversation someone is working on or that waits: what can be handed to a team (not the bot's, not closed). */
const transferable = ["queued", "assigned", "pending"] as const;
const isTransferable = (state: string) => (transferable as readonly string[]).includes(state);
const occupies = (state: string) => (occupyingStates as readonly string[]).includes(state);

/**
 * Transfer to a team rather than a person: the conversation leaves its assignee and waits in that team's queue, from
 * now, where the team's own strategy serves it (an online member with a free slot takes it at once). One
 * compare-and-set on the version the agent saw, like every inbox action; the thread gets one "Transferred to <team>"
 * line in place of a state line, and the audit log a line naming who sent it where.
 */
export async function transferToTeam(
  deps: Deps,
  agent: AgentIdentity,
  input: { conversationId: string; expectedVersion: number; teamId: string; note?: string },
): Promise<{ version: number }> {
  const organizationId = agent.organizationId;
  const team = await deps.db.team.findFirst({ where: { id: input.teamId, organizationId }, select: { id: true, name: true } });
  if (!team) throw new AppError("NOT_FOUND", "team not found");
  const conversation = await conversationForAgent(deps, agent, input.conversationId, {
    id: true,
    state: true,
    version: true,
    teamId: true,
    assigneeId: true,
  });
  const stale = () => new AppError("CONFLICT", "someone else just changed this conversation; reload and try again");
  if (conversation.version !== input.expectedVersion) throw stale();
  if (!isTransferable(conversation.state))
    throw new AppError("BAD_REQUEST", `a ${conversation.state} conversation cannot be transferred to a team`);
  const updated = await deps.db.conversation.updateMany({
    where: { id: conversation.id, organizationId, version: input.expectedVersion, state: { in: [...transferable] } },
    data: { state: "queued", assigneeId: null, teamId: team.id, queuedAt: deps.now(), snoozedUntil: null, version: { increment: 1 } },
  });
  if (updated.count === 0) throw stale();

  await appendMessage(deps, {
    organizationId,
    conversationId: conversation.id,
    clientMsgId: `sys-${newMessageId()}`,
    senderKind: "system",
    senderId: agent.userId,
    type: "event",
    body: threadEventBody({ event: "transfer", teamId: team.id, teamName: team.name }),
    inboxReason: "state",
  });
  await recordAudit(deps, {
    organizationId,
    actorId: agent.userId,
    action: "conversation.team_transfer",
    targetType: "conversation",
    targetId: conversation.id,
    details: { teamId: team.id, teamName: team.name, fromAssigneeId: conversation.assigneeId, fromTeamId: conversation.teamId },
  });
  if (input.note?.trim()) {
    await sendAgentNote(deps, agent, { conversationId: conversation.id, clientMsgId: `xfer-${ulid()}`, body: input.note });
  }
  // The old team's queue lost one (if it waited there), the new team's gained one; the old assignee's slot is free.
  await afterCommit(deps, {
    organizationId,
    conversationId: conversation.id,
    queuesMoved: [conversation.state === "queued" ? conversation.teamId : null, team.id],
  });
  if (occupies(conversation.state) && conversation.teamId !== team.id)
    await deps.lifecycle.slotFreed(deps, organizationId, conversation.teamId);
  // Serving the new team's queue is what routes it: by the team's strategy, behind whoever already waits there.
  await deps.lifecycle.slotFreed(deps, organizationId, team.id);
  return { version: input.expectedVersion + 1 };
}
