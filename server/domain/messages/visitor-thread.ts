import type { VisitorMessage } from "../../contracts/messages.ts";
import { findVisitorConversation } from "../conversations/access.ts";
import type { VisitorRef } from "../conversations/open-for-visitor.ts";
import type { Deps } from "../deps.ts";
import { listMessages } from "./list-messages.ts";
import { authorNames } from "./author-names.ts";

export type VisitorThreadPage = {
  conversationId: string | null;
  lastSeq: number;
  messages: VisitorMessage[];
  hasOlder: boolean;
  /** Read marks: how far the visitor has read (for the unread badge) and how far the agents have (for "Read"). */
  visitorReadSeq: number;
  agentReadSeq: number;
};

/** The visitor's thread (their one conversation), a page at a time; empty before their first message. */
export async function visitorThread(
  deps: Deps,
  visitor: VisitorRef,
  input: { beforeSeq?: number; limit: number },
): Promise<VisitorThreadPage> {
  const conversation = await findVisitorConversation(deps, visitor);
  if (!conversation) return { conversationId: null, lastSeq: 0, messages: [], hasOlder: false, visitorReadSeq: 0, agentReadSeq: 0 };
  const page = await listMessages(deps, {
    organizationId: visitor.organizationId,
    conversationId: conversation.id,
    beforeSeq: input.beforeSeq,
    limit: input.limit,
    includeNotes: false,
  });
  return {
    conversationId: conversation.id,
    lastSeq: conversation.lastSeq,
    messages: await authorNames(deps, visitor.organizationId)(page.messages),
    hasOlder: page.hasOlder,
    visitorReadSeq: conversation.visitorReadSeq,
    agentReadSeq: conversation.agentReadSeq,
  };
}
