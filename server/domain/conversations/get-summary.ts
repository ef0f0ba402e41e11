import type { ConversationSummary } from "../../contracts/messages.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { conversationForAgent } from "./access.ts";
import { summarySelect, toSummary } from "./summary.ts";

/** One conversation's inbox row, for opening a conversation that is not in the current list (search, history). */
export async function getConversationSummary(
  deps: Deps,
  agent: AgentIdentity,
  input: { conversationId: string },
): Promise<ConversationSummary> {
  return toSummary(await conversationForAgent(deps, agent, input.conversationId, summarySelect));
}
