import { encodedJsonOf } from "../bus/bus.ts";

type Response = {
  id?: unknown;
  jsonrpc?: unknown;
  result?: { type?: unknown; id?: unknown; data?: unknown };
};

/**
 * Serialise once per node. tRPC's WebSocket adapter encodes every response it sends (tRPC's `experimental_encoder`
 * hook); for a subscription's data it would JSON-encode the same bus event once per subscriber (29–47 µs per extra
 * inbox watcher per message, issue #11). An event that came off the bus unchanged carries the JSON it travelled as
 * (server/bus/bus.ts, encodedJson), so the frame is only the small per-subscription envelope around those bytes,
 * spliced as text. Frames are exactly what JSON.stringify would give (same fields, same values), so tRPC clients
 * read them as before; anything else is encoded as tRPC would.
 */
export const frameEncoder = {
  encode(response: unknown): string {
    const { result } = response as Response;
    if (result?.type === "data" && typeof result.data === "object" && result.data !== null) {
      // A tracked event: result.data is { id, data } (the adapter unwraps tracked()); an untracked one: the event.
      const tracked = result.id !== undefined ? (result.data as { id: unknown; data: unknown }) : null;
      const encoded = encodedJsonOf(tracked ? tracked.data : result.data);
      if (encoded !== undefined) {
        const { id, jsonrpc } = response as Response;
        const head = `{"id":${JSON.stringify(id ?? null)},${jsonrpc === undefined ? "" : `"jsonrpc":${JSON.stringify(jsonrpc)},`}"result":{"type":"data",`;
        return tracked
          ? `${head}"id":${JSON.stringify(result.id)},"data":{"id":${JSON.stringify(tracked.id)},"data":${encoded}}}}`
          : `${head}"data":${encoded}}}`;
      }
    }
    return JSON.stringify(response);
  },
  decode(data: unknown): unknown {
    if (typeof data !== "string") throw new Error("expected a text frame");
    return JSON.parse(data);
  },
};
