import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { addressRange, isPublicAddress } from "./address-range.ts";

/** Resolves a host name to its addresses (all of them, v4 and v6). */
export type Resolver = (host: string) => Promise<string[]>;

/**
 * Who a tenant-chosen URL may reach. `allowPrivate` lifts the check (WEBHOOK_ALLOW_PRIVATE, LLM_ALLOW_PRIVATE);
 * `resolve` and `isPublic` are replaced only by tests that play a public host on loopback.
 */
export type OutboundPolicy = {
  allowPrivate: boolean;
  /** The setting that lifts the refusal, named in the error. */
  hint: string;
  resolve?: Resolver;
  isPublic?: (address: string) => boolean;
};

/** What tests may override in every outbound client of a Deps (see Deps.outboundNetwork). */
export type OutboundNetwork = Pick<OutboundPolicy, "resolve" | "isPublic">;

export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** A connection the policy refused; carries the reason shown to the admin (delivery log, bot test). */
export class OutboundRefusedError extends Error {
  override name = "OutboundRefusedError";
}

const refusal = (host: string, hint: string) =>
  new OutboundRefusedError(`${host} is an internal address; only public ones may be called (set ${hint} to allow)`);

/**
 * Resolves `host` once and returns the address to connect to, or throws OutboundRefusedError. Every address the name
 * has must be public: a name with one public and one loopback address is refused rather than connected by luck.
 * Names for this machine (`localhost`, `*.localhost`, with or without the trailing dot) are refused by name, and a
 * name that does not resolve is refused (it cannot be checked). The caller connects to exactly the returned address,
 * so a DNS answer that changes between check and connect (rebinding) cannot steer the connection.
 */
export async function checkedAddress(host: string, policy: OutboundPolicy): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIP(bare)) {
    if (!policy.allowPrivate && !(policy.isPublic ?? isPublicAddress)(bare)) throw refusal(bare, policy.hint);
    return bare;
  }
  const name = bare.toLowerCase().replace(/\.$/, "");
  if (!policy.allowPrivate && (name === "localhost" || name.endsWith(".localhost"))) throw refusal(bare, policy.hint);
  let addresses: string[];
  try {
    addresses = await (policy.resolve ?? systemResolver)(bare);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) {
    throw new OutboundRefusedError(`${bare} does not resolve; only public addresses may be called`);
  }
  if (!policy.allowPrivate && !addresses.every(policy.isPublic ?? isPublicAddress)) throw refusal(bare, policy.hint);
  return addresses[0]!;
}

/** The reason a URL may not be called, or null when it may (checked when an admin saves it). */
export async function refusedUrl(url: string, policy: OutboundPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a valid URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "only http and https URLs may be called";
  if (policy.allowPrivate) return null;
  try {
    await checkedAddress(parsed.hostname, policy);
    return null;
  } catch (error) {
    if (error instanceof OutboundRefusedError) return error.message;
    throw error;
  }
}

export { addressRange };
