import type { ConversationSummary } from "../../contracts/messages.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { summarySelect, toSummary } from "./summary.ts";

/** One conversation's inbox row, for opening a conversation that is not in the current list (search, history). */
export async function getConversationSummary(deps: Deps, agent: AgentIdentity, input: { conversationId: string }): Promise<ConversationSummary> {
  const row = await deps.db.conversation.findFirst({
    where: { id: input.conversationId, organizationId: agent.organizationId },
    select: summarySelect,
  });
  if (!row) throw new AppError("NOT_FOUND", "conversation not found");
  return toSummary(row);
}
