import { refusedUrl, type OutboundNetwork } from "./outbound-policy.ts";

/**
 * Why a URL an organization's admin chose (a webhook, the bot's LLM endpoint) may not be called, or null when it may.
 * Without this, anyone who can sign up could make the server call into its own network (Redis, metadata services,
 * admin panels). `hint` names the setting that lifts it for installs whose services live inside. Checked when the URL
 * is saved; every connection is checked again by the guarded client (guarded-fetch.ts) against the address it uses.
 */
export async function refusedReceiver(
  url: string,
  allowPrivate: boolean,
  hint = "WEBHOOK_ALLOW_PRIVATE=1",
  network: OutboundNetwork = {},
): Promise<string | null> {
  return refusedUrl(url, { allowPrivate, hint, ...network });
}
