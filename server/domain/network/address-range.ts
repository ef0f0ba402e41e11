import ipaddr from "ipaddr.js";

/**
 * The IPv4 address an IPv6 form carries, when it is one that reaches an IPv4 host: IPv4-mapped (::ffff:a.b.c.d),
 * SIIT (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks), NAT64
 * (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::). Judging those by their IPv6 range alone would let `::7f00:1` or
 * `64:ff9b::a00:1` through to loopback and 10.0.0.1.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const parts = address.parts;
  const lastTwo = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const range = address.range();
  if (range === "ipv4Mapped" || range === "rfc6145") return lastTwo(parts[6]!, parts[7]!);
  if (range === "6to4") return lastTwo(parts[1]!, parts[2]!);
  if (parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((part) => part === 0)) return lastTwo(parts[6]!, parts[7]!);
  // ::/96 other than :: and ::1 (those are unspecified and loopback in their own right).
  if (parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7]! > 1)) return lastTwo(parts[6]!, parts[7]!);
  return null;
}

/**
 * The special-purpose range an address belongs to ("loopback", "private", "reserved", "multicast", "rfc6052", …), or
 * "unicast" for an ordinary public address. Decided by ipaddr.js's maintained range tables (IANA special-purpose
 * registries), after unwrapping the IPv6 forms that carry an IPv4 address; anything unparsable is "invalid".
 */
export function addressRange(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return "invalid";
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv6") {
    const inner = embeddedIPv4(parsed as ipaddr.IPv6);
    if (inner) return inner.range();
  }
  return parsed.range();
}

/** Only ordinary public unicast addresses may be called for a tenant. */
export const isPublicAddress = (address: string): boolean => addressRange(address) === "unicast";
