import { describe, expect, it } from "vitest";
import { addressRange, isPublicAddress } from "../../server/domain/network/address-range.ts";
import { checkedAddress, refusedUrl } from "../../server/domain/network/outbound-policy.ts";

const policy = { allowPrivate: false, hint: "WEBHOOK_ALLOW_PRIVATE=1" };

describe("which addresses a tenant's URL may reach", () => {
  // Each of these was accepted by the hand-written list this replaced.
  it.each([
    ["198.18.0.1", "reserved"], // benchmarking, 198.18.0.0/15
    ["198.19.255.254", "reserved"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.10", "reserved"], // TEST-NET-1
    ["240.0.0.1", "reserved"],
    ["::7f00:1", "loopback"], // IPv4-compatible 127.0.0.1
    ["::a00:1", "private"], // IPv4-compatible 10.0.0.1
    ["64:ff9b::a00:1", "private"], // NAT64 of 10.0.0.1
    ["64:ff9b::7f00:1", "loopback"], // NAT64 of 127.0.0.1
    ["64:ff9b::a9fe:a9fe", "linkLocal"], // NAT64 of the metadata service
    ["64:ff9b:1::1", "rfc6052"], // local-use NAT64
    ["::ffff:0:7f00:1", "loopback"], // SIIT
    ["2002:7f00:1::1", "loopback"], // 6to4 of 127.0.0.1
    ["2001:0:4136:e378::1", "teredo"],
  ])("refuses %s (%s)", (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "ff02::1",
  ])("refuses %s as before", (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808"])(
    "allows the public address %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it("refuses names for this machine, names that do not resolve, and names with any internal address", async () => {
    const noSuchName = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    for (const host of ["localhost", "localhost.", "LOCALHOST", "api.localhost", "api.localhost."]) {
      await expect(checkedAddress(host, { ...policy, resolve: async () => ["93.184.216.34"] })).rejects.toThrow(/is an internal address/);
    }
    await expect(checkedAddress("nowhere.invalid", { ...policy, resolve: noSuchName })).rejects.toThrow("nowhere.invalid does not resolve");
    await expect(checkedAddress("empty.example", { ...policy, resolve: async () => [] })).rejects.toThrow("does not resolve");
    // One public and one loopback answer: connecting "to the public one" would be luck, not a check.
    await expect(checkedAddress("split.example", { ...policy, resolve: async () => ["93.184.216.34", "127.0.0.1"] })).rejects.toThrow(
      "split.example is an internal address; only public ones may be called (set WEBHOOK_ALLOW_PRIVATE=1 to allow)",
    );
    expect(await checkedAddress("public.example", { ...policy, resolve: async () => ["93.184.216.34", "2606:2800:220:1::1"] })).toBe(
      "93.184.216.34",
    );
    expect(await refusedUrl("http://localhost./x", policy)).toMatch(/internal address/);
    expect(await refusedUrl("http://[::7f00:1]:6379/", policy)).toMatch(/internal address/);
    expect(await refusedUrl("http://2130706433/", policy)).toMatch(/^127\.0\.0\.1 is an internal address/);
    expect(await refusedUrl("file:///etc/passwd", policy)).toBe("only http and https URLs may be called");
  });

  it("lets everything through with the setting on (receivers inside the install's own network)", async () => {
    expect(await checkedAddress("127.0.0.1", { ...policy, allowPrivate: true })).toBe("127.0.0.1");
    expect(await refusedUrl("http://localhost:11434/v1", { ...policy, allowPrivate: true })).toBeNull();
  });
});
