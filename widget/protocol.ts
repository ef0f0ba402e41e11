/**
 * The host page ↔ chat frame protocol: a versioned envelope and one typed event map per direction. Both sides check
 * the sender's origin and window before reading a message, and post only to the other side's exact origin.
 */
export const protocolVersion = 1;

export type Locale = "en" | "zh-CN";

export function localeOf(value: string | null | undefined): Locale {
  return value?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** What the loader tells the frame. */
export type HostEvents = {
  /** The panel became visible (focus the composer, mark read) or hidden. */
  visibility: { open: boolean };
  setLocale: { locale: Locale };
  /** The host page's user; `hash` is the HMAC-SHA256 of `id` made by the site's server with its identity secret. */
  /** `id` (+ `hash`, the HMAC of id) or `jwt` (an identity token whose claims carry sub, name, email). */
  identify: { id?: string; name?: string; email?: string; avatar?: string; hash?: string; jwt?: string };
  setAttributes: { attributes: Record<string, string | number | boolean> };
};

/** What the frame tells the loader. */
export type FrameEvents = {
  ready: { unread: number };
  /** The visitor closed the panel from inside (close button or Escape). */
  close: Record<string, never>;
  unread: { count: number };
  /** A new message from the team or the visitor, for the preview bubble and the SDK's `message` event. */
  message: { senderKind: string; body: string };
};

export type Envelope<Events, K extends keyof Events = keyof Events> = { parley: typeof protocolVersion; type: K; payload: Events[K] };

export function envelope<Events, K extends keyof Events>(type: K, payload: Events[K]): Envelope<Events, K> {
  return { parley: protocolVersion, type, payload };
}

/** The envelope in a MessageEvent's data, or null if it is not ours (another script's message, another version). */
export function readEnvelope<Events>(data: unknown, types: readonly (keyof Events)[]): Envelope<Events> | null {
  if (!data || typeof data !== "object") return null;
  const candidate = data as Partial<Envelope<Events>>;
  if (candidate.parley !== protocolVersion || !types.includes(candidate.type as keyof Events)) return null;
  if (!candidate.payload || typeof candidate.payload !== "object") return null;
  return candidate as Envelope<Events>;
}

export const hostEventTypes: readonly (keyof HostEvents)[] = ["visibility", "setLocale", "identify", "setAttributes"];
export const frameEventTypes: readonly (keyof FrameEvents)[] = ["ready", "close", "unread", "message"];
