// The alert feed a SIEM polls: every alert raised or changed since a
// cursor, oldest change first, as JSON or as OCSF Detection Findings. The
// cursor is the writing transaction's id (alerts.changeTx, stamped by a
// trigger) and the alert's id; a page holds only rows written by
// transactions older than any still running, so a poll never steps past a
// detection that commits after it (a timestamp cursor would lose those).
// An alert changed again comes again, with its new state.
import { withTenant } from "@lantern/db/client";
import { ocsfDetectionFinding } from "@lantern/engine/response/notices";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { ALERT_FOR_NOTICE, alertFacts } from "../response/subject-notices";

const CURSOR = /^(\d{1,19})~([\w-]{1,64})$/;

export const ZAlertFeedQuery = z.object({
  cursor: z
    .string()
    .regex(CURSOR, "This is not a cursor the feed gave.")
    .optional()
    .describe("The cursor of the last page read; absent, the feed starts with the oldest alert"),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe("Alerts per page"),
  format: z
    .enum(["json", "ocsf"])
    .default("json")
    .describe("json: Lantern's alert fields (as webhooks carry them); ocsf: OCSF 1.3 Detection Findings"),
});
export type AlertFeedQuery = z.input<typeof ZAlertFeedQuery>;

type Position = { tx: bigint; id: string };

const readCursor = (cursor: string | undefined): Position | null => {
  const m = cursor ? CURSOR.exec(cursor) : null;
  return m ? { tx: BigInt(m[1]!), id: m[2]! } : null;
};
const writeCursor = (p: Position) => `${p.tx}~${p.id}`;

export async function readAlertFeed(ctx: ServiceContext, tenantId: string, input: AlertFeedQuery) {
  const q = ZAlertFeedQuery.parse(input);
  const after = readCursor(q.cursor);
  return withTenant(ctx.db, tenantId, async (tx) => {
    // Transactions below this id have all ended: what they wrote is visible now, and nothing more will come.
    const [snapshot] = await tx.$queryRaw<{ settled: bigint }[]>`
      SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS settled`;
    const settled = snapshot!.settled;
    const rows = await tx.alert.findMany({
      where: {
        tenantId,
        changeTx: { lt: settled },
        ...(after ? { OR: [{ changeTx: { gt: after.tx } }, { changeTx: after.tx, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ changeTx: "asc" }, { id: "asc" }],
      take: q.limit + 1,
      include: ALERT_FOR_NOTICE,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const cursor = last ? writeCursor({ tx: last.changeTx, id: last.id }) : (q.cursor ?? null);
    const more = rows.length > q.limit;
    const facts = page.map((a) => ({ ...alertFacts(a, ctx.config.appUrl), updatedAt: a.updatedAt.toISOString() }));
    if (q.format === "json") return { cursor, more, alerts: facts };
    return {
      cursor,
      more,
      findings: page.map((a, i) =>
        ocsfDetectionFinding({
          type: "alert.raised",
          at: a.updatedAt.toISOString(),
          workspace: a.tenant,
          policy: null,
          alert: facts[i]!,
        }),
      ),
    };
  });
}
