import { describe, expect, it } from "vitest";
import { resolveClientIp } from "./client-ip";
import { parseCidr, parseIp } from "./ip";

describe("client IP", () => {
  it("is the peer when the peer is public", () => {
    expect(resolveClientIp({ peerIp: "203.0.113.9", forwardedFor: "6.6.6.6" })).toEqual({
      clientIp: "203.0.113.9",
      viaProxy: false,
    });
  });

  it("is the first untrusted hop from the right when the peer is a private proxy; spoofed hops to its left are ignored", () => {
    expect(resolveClientIp({ peerIp: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.4, 10.0.0.7" })).toEqual({
      clientIp: "198.51.100.4",
      viaProxy: true,
    });
  });

  it("skips configured proxy ranges such as a CDN's", () => {
    const cdn = [parseCidr("203.0.113.0/24")!];
    expect(resolveClientIp({ peerIp: "203.0.113.50", forwardedFor: "198.51.100.4, 203.0.113.10" }, cdn).clientIp).toBe(
      "198.51.100.4",
    );
  });

  it("reads RFC 7239 Forwarded, IPv6 in brackets, and IPv4-mapped IPv6", () => {
    expect(
      resolveClientIp({
        peerIp: "::ffff:10.1.1.1",
        forwarded: 'for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"',
      }).clientIp,
    ).toBe("2001:db8:cafe::17");
    expect(parseIp("::ffff:192.0.2.1")?.text).toBe("192.0.2.1");
    expect(parseIp("[2001:db8::1]:443")?.text).toBe("2001:db8::1");
  });

  it("an internal caller (all hops private) keeps its own address; garbage is no address", () => {
    expect(resolveClientIp({ peerIp: "10.0.0.2", forwardedFor: "10.9.9.9" })).toEqual({
      clientIp: "10.9.9.9",
      viaProxy: true,
    });
    expect(resolveClientIp({ peerIp: "10.0.0.2" })).toEqual({ clientIp: "10.0.0.2", viaProxy: false });
    expect(resolveClientIp({ peerIp: "not-an-ip" }).clientIp).toBeNull();
    expect(resolveClientIp({ peerIp: "10.0.0.2", forwardedFor: "198.51.100.4, unknown" }).clientIp).toBe(
      "198.51.100.4",
    );
  });
});
