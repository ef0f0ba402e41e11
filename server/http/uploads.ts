import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { parse as parseCookies } from "cookie";
import { uploadPath } from "../contracts/attachments.ts";
import { displayName } from "../contracts/display-text.ts";
import { clientMsgIdSchema } from "../contracts/messages.ts";
import { authenticateSession, sessionCookieName } from "../domain/agents/sessions.ts";
import { downloadAttachment, type Download } from "../domain/attachments/download-attachment.ts";
import { uploadAttachment } from "../domain/attachments/upload-attachment.ts";
import type { Deps } from "../domain/deps.ts";
import { AppError } from "../domain/errors.ts";
import { recordVisitorUploadBytes, spendVisitorUpload } from "../domain/limits/visitor-budgets.ts";
import { verifyVisitorToken } from "../domain/sites/visitor-token.ts";
import type { Storage } from "../storage/storage.ts";
import { clientAddress, header, sendError, sendJson } from "./request.ts";

const idPattern = /^a[0-9a-f]{24}$/;
const conversationIdPattern = /^[A-Za-z0-9]{1,30}$/;

/** The caller: a visitor by `Authorization: Bearer <visitor token>`, else an agent by the session cookie. */
async function callerOf(deps: Deps, req: IncomingMessage) {
  const authorization = header(req, "authorization");
  if (authorization) {
    if (!authorization.startsWith("Bearer ")) throw new AppError("UNAUTHORIZED", "authorization must be a Bearer visitor token");
    const visitor = await verifyVisitorToken(deps.sessionSecret, authorization.slice("Bearer ".length), deps.now());
    return { kind: "visitor" as const, visitor };
  }
  const session = parseCookies(header(req, "cookie") ?? "")[sessionCookieName];
  const agent = session ? await authenticateSession(deps, session) : null;
  if (!agent) throw new AppError("UNAUTHORIZED", "sign in, or send a visitor token as Authorization: Bearer …");
  return { kind: "agent" as const, agent };
}

function fileNameOf(req: IncomingMessage): string {
  const raw = header(req, "x-file-name");
  if (!raw) throw new AppError("BAD_REQUEST", "X-File-Name header is required (the file's name, URI-encoded)");
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new AppError("BAD_REQUEST", "X-File-Name must be URI-encoded");
  }
  if (name.length > 255) throw new AppError("BAD_REQUEST", "file name is longer than 255 characters");
  return name;
}

async function handleUpload(deps: Deps, storage: Storage, req: IncomingMessage, res: ServerResponse) {
  const caller = await callerOf(deps, req);
  const clientMsgId = clientMsgIdSchema.safeParse(header(req, "x-client-msg-id"));
  if (!clientMsgId.success) throw new AppError("BAD_REQUEST", `X-Client-Msg-Id: ${clientMsgId.error.issues[0]!.message}`);
  const name = fileNameOf(req);
  const lengthHeader = header(req, "content-length");
  const declaredSize = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  // A visitor's hourly budget, before a byte is read: the declared size (a body cannot exceed it), else counted once stored.
  const visitorIp = caller.kind === "visitor" ? clientAddress(req, deps.trustProxy === true) : null;
  if (caller.kind === "visitor") await spendVisitorUpload(deps, caller.visitor, visitorIp, declaredSize ?? 1);
  let uploader: Parameters<typeof uploadAttachment>[2];
  if (caller.kind === "agent") {
    const conversationId = header(req, "x-conversation-id") ?? "";
    if (!conversationIdPattern.test(conversationId))
      throw new AppError("BAD_REQUEST", "X-Conversation-Id header is required for an agent's upload");
    uploader = { kind: "agent", agent: caller.agent, conversationId };
  } else {
    uploader = caller;
  }
  const result = await uploadAttachment(deps, storage, uploader, {
    clientMsgId: clientMsgId.data,
    name,
    declaredType: header(req, "content-type"),
    declaredSize,
    body: req,
  });
  if (caller.kind === "visitor" && declaredSize === null)
    await recordVisitorUploadBytes(deps, caller.visitor, visitorIp, (result.attachment?.size ?? 1) - 1);
  sendJson(req, res, result.message.duplicate ? 200 : 201, result);
}

/** RFC 6266/5987: an ASCII fallback and the exact UTF-8 name. */
function contentDisposition(file: Download): string {
  const disposition = file.kind === "file" ? "attachment" : "inline";
  // Names stored before bidi and zero-width characters were removed on upload are cleaned here too.
  const name = displayName(file.name);
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

async function handleDownload(deps: Deps, storage: Storage, req: IncomingMessage, res: ServerResponse, id: string) {
  const caller = await callerOf(deps, req);
  if (!idPattern.test(id)) throw new AppError("NOT_FOUND", "file not found");
  const file = await downloadAttachment(deps, storage, caller, id);
  res.writeHead(200, {
    "content-type": file.mime === "text/plain" ? "text/plain; charset=utf-8" : file.mime,
    "content-length": String(file.size),
    "content-disposition": contentDisposition(file),
    "x-content-type-options": "nosniff",
    // Files never run as a page of this origin: anything but an image is sandboxed, nothing may load from it.
    "content-security-policy": file.kind === "image" ? "default-src 'none'" : "default-src 'none'; sandbox",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "private, max-age=3600",
  });
  if (req.method === "HEAD") {
    file.body.destroy();
    res.end();
    return;
  }
  await pipeline(file.body, res);
}

/**
 * POST /api/uploads — the raw file as the body (streamed, never buffered whole), with X-File-Name (URI-encoded),
 * X-Client-Msg-Id (a retry with the same id returns the first message) and, for agents, X-Conversation-Id.
 * Visitors authenticate with their bearer token, agents with the session cookie. 201 on a new upload, 200 on a retry.
 * GET /api/uploads/<id> — the file, for the conversation's visitor or any agent of the organization.
 */
export async function handleUploads(deps: Deps, storage: Storage, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = (req.url ?? "/").split("?")[0]!;
  const download = path.startsWith(`${uploadPath}/`) ? path.slice(uploadPath.length + 1) : null;
  if (path !== uploadPath && download === null) return false;
  try {
    if (path === uploadPath && req.method === "POST") await handleUpload(deps, storage, req, res);
    else if (download !== null && (req.method === "GET" || req.method === "HEAD")) await handleDownload(deps, storage, req, res, download);
    else sendJson(req, res, 405, { error: "method not allowed" });
  } catch (error) {
    if (res.headersSent) res.destroy();
    else if (sendError(req, res, error)) return true;
    else throw error;
  }
  return true;
}
