// Threat-intelligence lists: imported from text (replacing a list of the same
// name), refused when nothing in them is an address, kept per workspace; a
// URL is fetched only over https and never into a private network.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { createTestServices, testMeta } from "../testing";
import { withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import {
  deleteThreatList,
  fetchList,
  importThreatList,
  listThreatLists,
  refreshThreatLists,
  tenantsWithUrlLists,
} from "./threat-lists";

describe("threat-intelligence lists", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;
  let who: { id: string; label: string };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    const a = await signUp(
      ctx,
      { name: "T", email: "t@threat.test", password: "threat list password", workspaceName: "Threat" },
      testMeta,
    );
    tenantId = a.workspace.tenantId;
    who = { id: a.user.id, label: "t@threat.test" };
    otherTenantId = (
      await signUp(
        ctx,
        { name: "O", email: "o@threat.test", password: "threat list password", workspaceName: "Other" },
        testMeta,
      )
    ).workspace.tenantId;
  });
  afterAll(() => drop());

  it("imports a published list, replaces it under the same name, and refuses one with no address", async () => {
    const first = await importThreatList(
      ctx,
      tenantId,
      { name: "Spamhaus DROP", text: "; DROP\n45.146.164.0/22 ; SBL1\n1.10.16.0/20\nbogus line\n" },
      who,
    );
    expect(first).toMatchObject({ entries: 2, skipped: 1, firstSkipped: "bogus line" });
    await importThreatList(ctx, tenantId, { name: "Spamhaus DROP", text: "45.146.164.0/22\n" }, who);
    expect(await listThreatLists(ctx, tenantId)).toMatchObject([
      { name: "Spamhaus DROP", source: "file", entries: 1, skipped: 0, createdBy: "T" },
    ]);
    await expect(
      importThreatList(ctx, tenantId, { name: "Empty", text: "# nothing\nhello world\n" }, who),
    ).rejects.toThrow('No address or range found in the list (first unreadable line: "hello world")');
    await expect(
      importThreatList(ctx, tenantId, { name: "Both", text: "1.2.3.4", url: "https://example.com/list.txt" }, who),
    ).rejects.toThrow(/not both/);
    // Another workspace neither sees nor deletes it.
    expect(await listThreatLists(ctx, otherTenantId)).toEqual([]);
    await expect(deleteThreatList(ctx, otherTenantId, { listId: first.id }, who)).rejects.toThrow(/not found/i);
    expect(await listThreatLists(ctx, tenantId)).toHaveLength(1);
  });

  it("fetches only public https lists", async () => {
    await expect(
      importThreatList(ctx, tenantId, { name: "Plain", url: "http://lists.example/drop.txt" }, who),
    ).rejects.toThrow(/https/);
    await expect(fetchList("https://10.0.0.5/list.txt")).rejects.toThrow(
      "10.0.0.5 resolves to a private or local address",
    );
    await expect(fetchList("https://[::1]/list.txt")).rejects.toThrow("::1 resolves to a private or local address");
    // A public-looking name that resolves into the private network (one answer of several is enough to refuse).
    const resolve = async () => [{ address: "93.184.215.14" }, { address: "169.254.169.254" }];
    await expect(fetchList("https://lists.example/drop.txt", resolve)).rejects.toThrow(
      "lists.example resolves to a private or local address",
    );
  });

  it("fetches URL lists again: new entries replace the old, and a failed fetch keeps them and says why", async () => {
    const url = "https://lists.example/drop.txt";
    await withTenant(ctx.db, tenantId, (tx) =>
      tx.threatList.create({
        data: { id: newId("threatList"), tenantId, name: "Hourly", source: url, entries: ["45.146.164.0/22"] },
      }),
    );
    expect(await tenantsWithUrlLists(ctx.db)).toEqual([tenantId]);
    const hourly = async () => (await listThreatLists(ctx, tenantId)).find((l) => l.name === "Hourly")!;

    const fetched: string[] = [];
    expect(
      await refreshThreatLists(ctx.db, tenantId, async (u) => {
        fetched.push(u);
        return "; updated\n185.220.100.0/22\n45.146.164.0/22\n";
      }),
    ).toEqual({ refreshed: 1, failed: 0 });
    expect(fetched).toEqual([url]);
    expect(await hourly()).toMatchObject({ entries: 2, refreshError: null, refreshedAt: expect.any(Date) });

    await refreshThreatLists(ctx.db, tenantId, async () => {
      throw new Error("The list's server answered 503.");
    });
    expect(await hourly()).toMatchObject({
      entries: 2,
      refreshError: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC: The list's server answered 503\.$/),
    });
    // A list that comes back empty is a publisher's mistake, not an all-clear.
    await refreshThreatLists(ctx.db, tenantId, async () => "# maintenance\n");
    expect(await hourly()).toMatchObject({
      entries: 2,
      refreshError: expect.stringContaining("holds no address or range; the previous entries are kept"),
    });
    // File lists are never fetched; other workspaces' lists are not touched.
    expect(await refreshThreatLists(ctx.db, otherTenantId, async () => "1.2.3.4")).toEqual({ refreshed: 0, failed: 0 });
  });
});
