import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/** Addresses the server must not call for a tenant unless allowed: this machine, the private network, link-local. */
const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}

function isInternal(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return internal.check(mapped, "ipv4");
  return internal.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * Why a URL an organization's admin chose (a webhook, the bot's LLM endpoint) may not be called, or null when it may.
 * Without this, anyone who can sign up could make the server call into its own network (Redis, metadata services,
 * admin panels). `hint` names the setting that lifts it for installs whose services live inside. Checked when the URL
 * is saved and again before every call, since DNS can change in between.
 */
export async function refusedReceiver(url: string, allowPrivate: boolean, hint = "WEBHOOK_ALLOW_PRIVATE=1"): Promise<string | null> {
  if (allowPrivate) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return null;
  }
  return addresses.some(isInternal)
    ? `${host} is an internal address; only public ones may be called (set ${hint} to allow)`
    : null;
}
