import type { AgentMessage } from "../../contracts/messages.ts";
import type { Deps } from "../deps.ts";
import { conversationInOrganization } from "../conversations/access.ts";
import { toAgentMessage } from "./message-dto.ts";

export type MessagePage = { messages: AgentMessage[]; hasOlder: boolean };

/** One page of a thread, newest `limit` messages before `beforeSeq`, returned oldest first. */
export async function listMessages(
  deps: Deps,
  input: { organizationId: string; conversationId: string; beforeSeq?: number; limit: number; includeNotes: boolean },
): Promise<MessagePage> {
  // Callers decided who may read it (conversations/access.ts); this only confirms the organization owns it.
  await conversationInOrganization(deps, input.organizationId, input.conversationId, { id: true });
  const rows = await deps.db.message.findMany({
    where: {
      organizationId: input.organizationId,
      conversationId: input.conversationId,
      ...(input.beforeSeq !== undefined ? { seq: { lt: input.beforeSeq } } : {}),
      ...(input.includeNotes ? {} : { type: { not: "note" } }),
    },
    orderBy: { seq: "desc" },
    take: input.limit + 1,
  });
  const hasOlder = rows.length > input.limit;
  return { messages: rows.slice(0, input.limit).reverse().map(toAgentMessage), hasOlder };
}
