// Sending a hunt's results to the block list on the real database: the
// preview counts the addresses and what they sent, the allow list spares
// its own, and the block adds one entry per address with the hunt's reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { addAllow } from "../response/allow-list";
import { listBlocks } from "../response/block-list";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { blockHuntAddresses, previewHuntBlock } from "./block";

const who = { actor: { id: "usr_test", label: "soc@block.test" } };
const line = (ip: string, minute: number, path: string) =>
  `${ip} - - [20/Nov/2026:10:${String(minute).padStart(2, "0")}:00 +0000] "GET ${path} HTTP/1.1" 404 10 "-" "zgrab/0.x"`;

describe("blocking what a hunt found", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  const hunt = { q: "ua:zgrab* status:404", from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z" };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Blocker");
    await analyseLines(ctx, tenantId, [
      ...Array.from({ length: 6 }, (_, i) => line("203.0.113.10", i, `/cgi-bin/${i}`)),
      ...Array.from({ length: 3 }, (_, i) => line("203.0.113.11", 10 + i, `/phpmyadmin/${i}`)),
      line("198.51.100.5", 20, "/server-status"),
    ]);
    await addAllow(
      ctx,
      tenantId,
      { kind: "cidr", value: "198.51.100.0/24", label: "Uptime monitor", reason: "our own checks" },
      who,
    );
  });
  afterAll(() => drop());

  it("previews the addresses, busiest first, with what the allow list spares", async () => {
    expect(await previewHuntBlock(ctx, tenantId, hunt)).toEqual({
      addresses: 2,
      requests: 9,
      busiest: [
        { address: "203.0.113.10", n: 6 },
        { address: "203.0.113.11", n: 3 },
      ],
      spared: [{ address: "198.51.100.5", allowedBy: "Uptime monitor" }],
      capped: false,
    });
  });

  it("blocks them with the hunt's reason, and says so", async () => {
    const done = await blockHuntAddresses(ctx, tenantId, { ...hunt, reason: "zgrab sweep", hours: 24 }, who);
    expect(done).toMatchObject({ list: "BLOCK", blocked: 2, spared: 1, failed: 0, capped: false });
    const entries = await listBlocks(ctx, tenantId, {});
    expect(entries.map((e) => [e.value, e.reason, e.createdBy]).sort()).toEqual([
      ["203.0.113.10/32", "zgrab sweep", "soc@block.test"],
      ["203.0.113.11/32", "zgrab sweep", "soc@block.test"],
    ]);
    await expect(blockHuntAddresses(ctx, tenantId, { ...hunt, reason: "x" }, who)).rejects.toThrow(/Say why/);
  });
});
