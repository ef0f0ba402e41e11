import type { SendAck } from "../../contracts/messages.ts";
import type { VisitorRef } from "../conversations/open-for-visitor.ts";
import type { Deps } from "../deps.ts";
import { sendVisitorMessage } from "../messages/send-visitor-message.ts";

export type LeftMessage = { name: string; email: string; body: string; clientMsgId: string };

/**
 * The offline form: nobody is there to answer, so the visitor leaves their name and email with the message. The
 * message goes into the conversation like any other (agents find it in the inbox); the reply is emailed to them if
 * they are not back to read it (email-replies.ts).
 */
export async function leaveMessage(deps: Deps, visitor: VisitorRef, input: LeftMessage): Promise<SendAck> {
  await deps.db.visitor.updateMany({
    where: { id: visitor.visitorId, organizationId: visitor.organizationId },
    data: { name: input.name.trim(), email: input.email.trim().toLowerCase() },
  });
  return sendVisitorMessage(deps, visitor, { clientMsgId: input.clientMsgId, body: input.body });
}
