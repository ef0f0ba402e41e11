import type { Readable } from "node:stream";
import { kindOfMime, type AttachmentKind } from "../../contracts/attachments.ts";
import type { Storage } from "../../storage/storage.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { VisitorIdentity } from "../sites/visitor-token.ts";

export type Downloader = { kind: "visitor"; visitor: VisitorIdentity } | { kind: "agent"; agent: AgentIdentity };

export type Download = { name: string; mime: string; kind: AttachmentKind; size: number; body: Readable };

/**
 * A stored file for someone allowed to see it: an agent of the organization, or the visitor whose conversation it
 * is in. Anyone else gets NOT_FOUND, the same as for an id that does not exist, so ids cannot be probed.
 */
export async function downloadAttachment(deps: Deps, storage: Storage, who: Downloader, id: string): Promise<Download> {
  const organizationId = who.kind === "visitor" ? who.visitor.organizationId : who.agent.organizationId;
  const row = await deps.db.attachment.findFirst({
    where: {
      id,
      organizationId,
      ...(who.kind === "visitor" ? { conversation: { visitorId: who.visitor.visitorId, siteId: who.visitor.siteId } } : {}),
    },
  });
  if (!row) throw new AppError("NOT_FOUND", "file not found");
  const stored = await storage.get(row.storageKey);
  if (!stored) throw new AppError("NOT_FOUND", "file not found");
  return { name: row.name, mime: row.mime, kind: kindOfMime(row.mime), size: stored.size, body: stored.body };
}
