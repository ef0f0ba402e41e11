import { TRPCError } from "@trpc/server";
import { getErrorShape, getTRPCErrorFromUnknown } from "@trpc/server/unstable-core-do-not-import";
import type { WebSocket } from "ws";
import type { Context } from "./context.ts";
import { describeInputError, mapAppError } from "./init.ts";
import { appRouter } from "./router.ts";
import { visitorSend } from "./routers/visitor.ts";

const path = "visitor.send";

type Call = { id: number | string; jsonrpc?: unknown; input: unknown };

/**
 * `visitor.send` over WebSocket answered beside tRPC (issue #11: per message, tRPC's call machinery — a middleware
 * chain that copies its options at every step, a promise and an AbortController per call — cost more CPU than the
 * send itself). Only a frame that is one such call, with a context tRPC has already made for the socket, is taken;
 * batches and everything else go to tRPC as before. The steps are tRPC's own, in its order, with the procedure's own
 * definition (routers/visitor.ts:visitorSend): the socket's, visitor's and address's budgets (init.ts:guardCalls),
 * the visitor check, the zod input, the domain call with AppError mapped to the same code, the zod output; and the
 * answer is the frame tRPC writes — `{"id":…,"result":{"type":"data","data":…}}`, or the error shape from tRPC's own
 * getErrorShape with the router's error formatter.
 */
export function answerBeside(ws: WebSocket, context: Context | undefined, data: Buffer, onError: (error: TRPCError) => void): boolean {
  if (!context || !data.includes(path)) return false;
  const call = sendCall(data);
  if (!call) return false;
  void answer(ws, context, call, onError);
  return true;
}

/** The frame's one visitor.send mutation, or null for anything else (a batch, another path, a malformed frame). */
function sendCall(data: Buffer): Call | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString("utf8"));
  } catch {
    return null;
  }
  const request = parsed as {
    id?: unknown;
    jsonrpc?: unknown;
    method?: unknown;
    params?: { path?: unknown; input?: unknown; lastEventId?: unknown };
  };
  if (typeof request !== "object" || request === null || Array.isArray(request)) return null;
  if (request.method !== "mutation" || request.params?.path !== path || request.params.lastEventId !== undefined) return null;
  if (typeof request.id !== "number" && typeof request.id !== "string") return null;
  return { id: request.id, jsonrpc: request.jsonrpc, input: request.params.input };
}

async function answer(ws: WebSocket, ctx: Context, call: Call, onError: (error: TRPCError) => void): Promise<void> {
  const guard = ctx.socket;
  let admitted = false;
  let frame: string;
  try {
    if (guard) {
      await guard.admit(ctx.visitor?.visitorId ?? null, ctx.ip);
      admitted = true;
    }
    const visitor = ctx.visitor;
    if (!visitor) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.visitorError ?? "visitor token required" });
    const input = visitorSend.input.safeParse(call.input);
    if (!input.success)
      throw new TRPCError({ code: "BAD_REQUEST", message: describeInputError(input.error) ?? undefined, cause: input.error });
    const ack = await mapAppError(visitorSend.run(ctx.deps, visitor, input.data));
    const output = visitorSend.output.safeParse(ack);
    if (!output.success) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Output validation failed", cause: output.error });
    frame = JSON.stringify({ id: call.id, jsonrpc: call.jsonrpc, result: { type: "data", data: output.data } });
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    onError(error);
    const shape = getErrorShape({ config: appRouter._def._config, error, type: "mutation", path, input: call.input, ctx });
    frame = JSON.stringify({ id: call.id, jsonrpc: call.jsonrpc, error: shape });
  } finally {
    if (admitted) guard?.done();
  }
  if (ws.readyState === ws.OPEN) ws.send(frame);
}
