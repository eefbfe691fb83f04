// Threat-intelligence lists as published: comments, trailing fields, ranges
// and single addresses; matched by range, overlaps merged, IPv6 too.
import { describe, expect, it } from "vitest";
import { IpLists, parseIpList } from "./ip-list";

const DROP = `; Spamhaus DROP List 2026/11/22 - (c) 2026 The Spamhaus Project
; Last-Modified: Sun, 22 Nov 2026 10:00:00 GMT
1.10.16.0/20 ; SBL256894
45.146.164.0/22 ; SBL571235
203.0.113.7
not-an-address
2001:db8:bad::/48 ; v6
`;

describe("threat-intelligence lists", () => {
  it("reads a published list: ranges and addresses kept, comments ignored, bad lines counted", () => {
    expect(parseIpList(DROP)).toEqual({
      entries: ["1.10.16.0/20", "45.146.164.0/22", "203.0.113.7", "2001:db8:bad::/48"],
      skipped: 1,
      firstSkipped: "not-an-address",
    });
  });

  it("finds the list an address is on, at the edges of ranges and nowhere else", () => {
    const lists = new IpLists([
      { name: "DROP", entries: parseIpList(DROP).entries },
      { name: "Mine", entries: ["45.146.165.0/24", "198.51.100.0/24"] },
    ]);
    expect(lists.listOf("45.146.164.0")).toBe("DROP");
    expect(lists.listOf("45.146.167.255")).toBe("DROP");
    expect(lists.listOf("45.146.165.9")).toBe("DROP");
    expect(lists.listOf("45.146.168.0")).toBeNull();
    expect(lists.listOf("1.10.31.255")).toBe("DROP");
    expect(lists.listOf("1.10.32.0")).toBeNull();
    expect(lists.listOf("203.0.113.7")).toBe("DROP");
    expect(lists.listOf("203.0.113.8")).toBeNull();
    expect(lists.listOf("198.51.100.77")).toBe("Mine");
    expect(lists.listOf("2001:db8:bad:1::5")).toBe("DROP");
    expect(lists.listOf("2001:db8:beef::1")).toBeNull();
    expect(lists.listOf("garbage")).toBeNull();
  });
});
