import type { AgentMessage } from "../../contracts/messages.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { toAgentMessage } from "./message-dto.ts";

export type MessagePage = { messages: AgentMessage[]; hasOlder: boolean };

/** One page of a thread, newest `limit` messages before `beforeSeq`, returned oldest first. */
export async function listMessages(
  deps: Deps,
  input: { organizationId: string; conversationId: string; beforeSeq?: number; limit: number; includeNotes: boolean },
): Promise<MessagePage> {
  const conversation = await deps.db.conversation.findFirst({
    where: { id: input.conversationId, organizationId: input.organizationId },
    select: { id: true },
  });
  if (!conversation) throw new AppError("NOT_FOUND", "conversation not found");
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
