import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { kindOfMime, type AttachmentMeta } from "../../contracts/attachments.ts";
import type { SendAck } from "../../contracts/messages.ts";
import { newStorageKey, type Storage } from "../../storage/storage.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { conversationForAgent, findVisitorConversation } from "../conversations/access.ts";
import { openConversationForVisitor } from "../conversations/open-for-visitor.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { sendAgentMessage } from "../messages/send-agent-message.ts";
import { sendVisitorMessage } from "../messages/send-visitor-message.ts";
import { routeVisitorConversation } from "../routing/route-visitor-conversation.ts";
import type { VisitorIdentity } from "../sites/visitor-token.ts";
import { widgetSettingsOf } from "../../contracts/widget-settings.ts";
import type { AttachmentSettings } from "../../contracts/attachments.ts";
import { checkType, safeFileName, tooLarge } from "./policy.ts";
import { sniffBytes, sniffType } from "./sniff.ts";

export type Uploader = { kind: "visitor"; visitor: VisitorIdentity } | { kind: "agent"; agent: AgentIdentity; conversationId: string };

export type UploadInput = {
  clientMsgId: string;
  name: string;
  /** What the client says the type is; only compared with the sniffed type, never trusted. */
  declaredType: string | null;
  /** Content-Length when the client sent one: a body announced as too large is refused before a byte is read. */
  declaredSize: number | null;
  body: Readable;
};

export type UploadResult = { attachment: AttachmentMeta | null; message: SendAck };

async function settingsOf(deps: Deps, organizationId: string, siteId: string): Promise<AttachmentSettings> {
  const site = await deps.db.site.findFirst({ where: { id: siteId, organizationId }, select: { widgetSettings: true } });
  if (!site) throw new AppError("NOT_FOUND", "site not found");
  return widgetSettingsOf(site.widgetSettings).attachments;
}

/** The conversation the file goes to (for a visitor: their thread, if it exists yet) and the site's policy. */
async function target(deps: Deps, uploader: Uploader) {
  if (uploader.kind === "visitor") {
    const conversation = await findVisitorConversation(deps, uploader.visitor);
    return {
      conversationId: conversation?.id ?? null,
      settings: await settingsOf(deps, uploader.visitor.organizationId, uploader.visitor.siteId),
    };
  }
  const conversation = await conversationForAgent(deps, uploader.agent, uploader.conversationId, { id: true, siteId: true });
  return { conversationId: conversation.id, settings: await settingsOf(deps, uploader.agent.organizationId, conversation.siteId) };
}

/**
 * The upload's bytes as storage reads them, counted against the cap, with the first bytes kept for sniffing. Lazy:
 * nothing is read before storage asks, and a refusal leaves the request open so the caller can still answer it.
 */
function meter(body: Readable, maxBytes: number, onTooLarge: () => Error) {
  let size = 0;
  let kept = 0;
  const head: Buffer[] = [];
  async function* counted() {
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw onTooLarge();
      if (kept < sniffBytes) {
        head.push(chunk.subarray(0, sniffBytes - kept));
        kept += Math.min(chunk.length, sniffBytes - kept);
      }
      yield chunk;
    }
  }
  return { stream: Readable.from(counted(), { objectMode: false }), size: () => size, head: () => Buffer.concat(head) };
}

async function existingAck(
  deps: Deps,
  organizationId: string,
  conversationId: string | null,
  clientMsgId: string,
): Promise<SendAck | null> {
  if (!conversationId) return null;
  const message = await deps.db.message.findFirst({
    where: { organizationId, conversationId, clientMsgId },
    select: { id: true, seq: true },
  });
  return message ? { id: message.id, conversationId, seq: message.seq, duplicate: true } : null;
}

/**
 * One upload, start to end: the policy is checked before the body is read (off, announced too large), the bytes
 * stream into storage under a random key with the cap enforced as they arrive, the type is sniffed from the content,
 * and only then is a row written and the message sent (type "attachment", through appendMessage, so a retried
 * clientMsgId gives back the first message and nothing doubles). Any refusal or failure removes what was stored.
 */
export async function uploadAttachment(deps: Deps, storage: Storage, uploader: Uploader, input: UploadInput): Promise<UploadResult> {
  const organizationId = uploader.kind === "visitor" ? uploader.visitor.organizationId : uploader.agent.organizationId;
  const { conversationId: knownConversationId, settings } = await target(deps, uploader);
  if (!settings.enabled) throw new AppError("FORBIDDEN", "file uploads are turned off for this site");
  const previous = await existingAck(deps, organizationId, knownConversationId, input.clientMsgId);
  if (previous) return { attachment: null, message: previous };
  if (input.declaredSize !== null && input.declaredSize > settings.maxBytes) throw tooLarge(settings);

  const key = newStorageKey();
  const counted = meter(input.body, settings.maxBytes, () => tooLarge(settings));
  let rowId: string | null = null;
  try {
    await storage.put(key, counted.stream);
    if (counted.size() === 0) throw new AppError("BAD_REQUEST", "file is empty");
    const type = checkType(settings, await sniffType(counted.head()), { name: input.name, declaredType: input.declaredType });
    const name = safeFileName(input.name, type);
    const opened = uploader.kind === "visitor" ? await openConversationForVisitor(deps, uploader.visitor) : null;
    const conversationId = uploader.kind === "agent" ? uploader.conversationId : opened!.conversation.id;
    const uploaderId = uploader.kind === "visitor" ? uploader.visitor.visitorId : uploader.agent.userId;
    const attachment: AttachmentMeta = {
      id: `a${randomBytes(12).toString("hex")}`,
      name,
      size: counted.size(),
      mime: type,
      kind: kindOfMime(type),
    };
    await deps.db.attachment.create({
      data: {
        id: attachment.id,
        organizationId,
        conversationId,
        uploaderKind: uploader.kind,
        uploaderId,
        storageKey: key,
        name,
        size: attachment.size,
        mime: type,
        createdAt: deps.now(),
      },
    });
    rowId = attachment.id;
    const send = { clientMsgId: input.clientMsgId, body: JSON.stringify(attachment), type: "attachment" as const, preview: `📎 ${name}` };
    const message =
      uploader.kind === "visitor"
        ? await sendVisitorMessage(deps, uploader.visitor, send)
        : await sendAgentMessage(deps, uploader.agent, { ...send, conversationId });
    if (message.duplicate) {
      // A retry raced the first upload of this clientMsgId past the early check: the first one stands.
      await discard(deps, storage, key, rowId);
      return { attachment: null, message };
    }
    await deps.db.attachment.updateMany({ where: { id: attachment.id, organizationId }, data: { messageId: message.id } });
    // A file as the visitor's first word opened the conversation here, before the send: route it like a first message.
    if (opened?.opened && opened.conversation.state === "queued") await routeVisitorConversation(deps, opened.conversation);
    return { attachment, message };
  } catch (error) {
    await discard(deps, storage, key, rowId);
    throw error;
  }
}

async function discard(deps: Deps, storage: Storage, key: string, rowId: string | null) {
  if (rowId) await deps.db.attachment.deleteMany({ where: { id: rowId } });
  await storage.delete(key);
}
