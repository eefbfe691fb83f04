// The alert feed on the real database: pages in change order with a cursor,
// an alert changed again comes again, OCSF when asked, another workspace's
// alerts never, and, the reason for a transaction-id cursor, a change that
// commits after a later one is not skipped by a poll in between.
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { readAlertFeed } from "./alert-feed";
import { updateAlert } from "./alert-triage";

/** Quiet sign-ins, then an hour of failures on `path` from 30 addresses (day `day` of November). */
function stuffing(day: number, path: string): string[] {
  const line = (ip: string, hour: number, minute: number, status: number) =>
    `${ip} - - [${day}/Nov/2026:${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00 +0000] "POST ${path} HTTP/1.1" ${status} 10 "-" "app/1.0"`;
  const quiet = [8, 9, 10].flatMap((h) => [1, 2, 3].map((i) => line(`198.51.100.${i}`, h, i, 200)));
  return [...quiet, ...Array.from({ length: 30 }, (_, i) => line(`203.0.113.${i + 1}`, 11, i, 401))];
}

/**
 * The feed hands out only settled changes: those older than the oldest transaction still open on the database server,
 * which may be another test file's (a detection part). As a client polls, the test reads until `done` or 20 s.
 */
async function polled<T>(read: () => Promise<T>, done: (page: T) => boolean): Promise<T> {
  const until = Date.now() + 20_000;
  for (;;) {
    const page = await read();
    if (done(page) || Date.now() > until) return page;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("the alert feed", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let ids: string[];
  let who: { actor: { id: string; label: string } };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Feed");
    const owner = await withTenant(ctx.db, tenantId, (tx) => tx.membership.findFirstOrThrow({ where: { tenantId } }));
    who = { actor: { id: owner.userId, label: "feed@feed.test" } };
    expect(await readAlertFeed(ctx, tenantId, {})).toEqual({ cursor: null, more: false, alerts: [] });
    await analyseLines(ctx, tenantId, [...stuffing(20, "/login"), ...stuffing(20, "/api/session")]);
    const all = await polled(
      () => readAlertFeed(ctx, tenantId, {}),
      (p) => p.alerts?.length === 2,
    );
    ids = all.alerts!.map((a) => a.id);
  });
  afterAll(() => drop());

  it("pages in change order with a cursor, and an alert changed again comes again", async () => {
    expect(ids).toHaveLength(2);
    const first = await readAlertFeed(ctx, tenantId, { limit: 1 });
    expect(first).toMatchObject({ more: true, alerts: [{ id: ids[0], status: "NEW" }] });
    expect(first.alerts![0]!.url).toBe(`http://lantern.test/w/feed/alerts/${ids[0]}`);
    const second = await readAlertFeed(ctx, tenantId, { limit: 1, cursor: first.cursor! });
    expect(second).toMatchObject({ more: false, alerts: [{ id: ids[1] }] });
    const caughtUp = await readAlertFeed(ctx, tenantId, { cursor: second.cursor! });
    expect(caughtUp).toEqual({ cursor: second.cursor, more: false, alerts: [] });

    await updateAlert(ctx, tenantId, { alertId: ids[0]!, status: "RESOLVED" }, who);
    const changed = await polled(
      () => readAlertFeed(ctx, tenantId, { cursor: second.cursor! }),
      (p) => !!p.alerts?.length,
    );
    expect(changed.alerts).toMatchObject([{ id: ids[0], status: "RESOLVED" }]);
  });

  it("answers OCSF Detection Findings when asked", async () => {
    const page = await polled(
      () => readAlertFeed(ctx, tenantId, { format: "ocsf" }),
      (p) => p.findings?.length === 2,
    );
    expect(page.alerts).toBeUndefined();
    expect(page.findings).toHaveLength(2);
    expect(page.findings![0]).toMatchObject({ class_uid: 2004, finding_info: { types: ["credential-stuffing"] } });
    expect(page.findings!.map((f) => f.finding_info.uid).sort()).toEqual([...ids].sort());
  });

  it("never shows another workspace's alerts, and refuses a cursor it did not give", async () => {
    const other = await testWorkspace(ctx, "Elsewhere");
    const theirs = await readAlertFeed(ctx, other, {});
    expect(theirs.alerts).toEqual([]);
    await expect(readAlertFeed(ctx, tenantId, { cursor: "1; DROP TABLE alerts" })).rejects.toThrow(
      /not a cursor the feed gave/,
    );
  });

  it("does not skip a change that commits after a later one: the poll waits for it", async () => {
    const start = (
      await polled(
        () => readAlertFeed(ctx, tenantId, {}),
        (p) => p.alerts?.length === 2,
      )
    ).cursor!;
    // A slow writer (a long detection) changes the first alert and has not committed yet…
    let commit = () => {};
    const committed = new Promise<void>((done) => {
      commit = done;
    });
    let written = () => {};
    const hasWritten = new Promise<void>((done) => {
      written = done;
    });
    const slow = ctx.db.system.$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE alerts SET occurrences = occurrences + 1 WHERE id = ${ids[0]}`;
        written();
        await committed;
      },
      { timeout: 30_000 },
    );
    await hasWritten;
    // …while a quick one changes the second alert and commits.
    await updateAlert(ctx, tenantId, { alertId: ids[1]!, status: "INVESTIGATING" }, who);
    const meanwhile = await readAlertFeed(ctx, tenantId, { cursor: start });
    commit();
    await slow;
    // Handing out the second alert then would have moved the cursor past the slow writer's change.
    expect(meanwhile).toEqual({ cursor: start, more: false, alerts: [] });
    const after = await polled(
      () => readAlertFeed(ctx, tenantId, { cursor: start }),
      (p) => p.alerts?.length === 2,
    );
    expect(after.alerts!.map((a) => a.id)).toEqual([ids[0], ids[1]]);
    expect(after.alerts![1]!.status).toBe("INVESTIGATING");
  });
});
