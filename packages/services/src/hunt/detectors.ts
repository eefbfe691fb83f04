// Saved hunts as detectors: after an upload is judged, each detector hunt
// runs over that upload's requests, and its matches become alerts, one per
// hunt and actor (a campaign: more matches later add to it), with the query
// as the explanation. Response policies see them like any alert (detector
// "hunt"), so a hunt can notify, ticket or block.
//
// Once per upload: the upload row is locked and stamped (huntedAt) in the
// transaction that writes the alerts, so a retried stage adds nothing twice.
import { type Db, Prisma as Sql, withTenant } from "@lantern/db/client";
import type { Finding } from "@lantern/engine/detection/types";
import { parseHunt } from "@lantern/engine/hunt/query";
import { recordFindings } from "../detection/alert-store";
import { loadSuppressions } from "../detection/suppressions";
import { compileHunt } from "./compile";
import { OWN_KEY } from "./compile";
import { actorsOfKeys, huntLookups } from "./lookups";

/** Actors one hunt raises alerts for per upload; the rest are in the hunt's own results. */
const ACTORS_PER_HUNT = 20;
const EVIDENCE = 50;
const SEVERITY = { LOW: "low", MEDIUM: "medium", HIGH: "high", CRITICAL: "critical" } as const;

type Match = { key: string | null; n: number; first: Date; last: Date; addresses: string[] | null; refs: string[] };

export type HuntOutcome = { status: "SKIPPED" } | { status: "HUNTED"; hunts: number; matched: number; raised: number };

export async function huntUpload(db: Db, tenantId: string, uploadId: string): Promise<HuntOutcome> {
  return withTenant(
    db,
    tenantId,
    async (tx) => {
      const [upload] = await tx.$queryRaw<
        { detectedAt: Date | null; huntedAt: Date | null; timeFrom: Date | null; timeTo: Date | null }[]
      >(Sql.sql`SELECT "detectedAt", "huntedAt", "timeFrom", "timeTo" FROM uploads
        WHERE id = ${uploadId} AND "tenantId" = ${tenantId} FOR UPDATE`);
      if (!upload?.detectedAt || upload.huntedAt) return { status: "SKIPPED" as const };
      const hunts = await tx.savedHunt.findMany({ where: { tenantId, detector: true }, orderBy: { createdAt: "asc" } });
      const findings: Finding[] = [];
      /** The actors the matches lead to, by key: the ids their alerts name. */
      const actorIds = new Map<string, string>();
      let matched = 0;
      for (const hunt of hunts) {
        const parsed = parseHunt(hunt.query);
        const where = await compileHunt(parsed.where, huntLookups(tx, tenantId));
        const range =
          upload.timeFrom && upload.timeTo
            ? Sql.sql`AND ts >= ${upload.timeFrom} AND ts <= ${upload.timeTo}`
            : Sql.empty;
        const matches = await tx.$queryRaw<Match[]>(Sql.sql`
          SELECT ${OWN_KEY} AS key, count(*)::int AS n, min(ts) AS first, max(ts) AS last,
            (array_agg(DISTINCT host(client_ip)) FILTER (WHERE client_ip IS NOT NULL))[1:2000] AS addresses,
            (array_agg(upload_id || ':' || line_no ORDER BY ts))[1:${EVIDENCE}] AS refs
          FROM telemetry.events
          WHERE tenant_id = ${tenantId} AND upload_id = ${uploadId} ${range} AND ${where}
          GROUP BY 1 ORDER BY n DESC LIMIT ${ACTORS_PER_HUNT}`);
        const total = matches.reduce((n, m) => n + m.n, 0);
        matched += total;
        const actors = await actorsOfKeys(
          tx,
          tenantId,
          matches.flatMap((m) => (m.key ? [m.key] : [])),
        );
        for (const m of matches) {
          const actor = m.key ? (actors.get(m.key) ?? null) : null;
          if (actor) actorIds.set(actor.key, actor.id);
          findings.push(findingOf(hunt, m, actor));
        }
        await tx.savedHunt.update({ where: { id: hunt.id }, data: { lastRunAt: new Date(), lastMatched: total } });
      }
      const recorded = await recordFindings(
        tx,
        tenantId,
        findings,
        {
          actor: (key) => actorIds.get(key),
          endpoint: () => undefined,
          addresses: (f) => f.addresses ?? [],
        },
        await loadSuppressions(tx, tenantId),
      );
      await tx.upload.update({ where: { id: uploadId }, data: { huntedAt: new Date() } });
      return { status: "HUNTED" as const, hunts: hunts.length, matched, raised: recorded.raised };
    },
    { timeoutMs: 120_000 },
  );
}

type Hunt = { id: string; name: string; query: string; severity: keyof typeof SEVERITY };

/** One hunt's matches from one actor (or from callers Lantern could not name) as a finding. */
function findingOf(hunt: Hunt, m: Match, actor: { key: string; label: string } | null): Finding {
  const who = actor?.label ?? (m.key?.startsWith("ip:") ? m.key.slice(3) : "callers without an address");
  const requests = `${m.n} request${m.n === 1 ? "" : "s"}`;
  return {
    detector: "hunt",
    campaign: `hunt:${hunt.id}:${actor?.key ?? m.key ?? "unknown"}`,
    actor: actor?.key ?? null,
    endpoint: null,
    from: m.first.getTime(),
    to: m.last.getTime(),
    severity: SEVERITY[hunt.severity],
    confidence: 0.9,
    verdict: "suspicious",
    title: `Saved hunt "${hunt.name}": ${requests} from ${who}`,
    explanation: `${requests} from ${who} matched the saved hunt "${hunt.name}", whose query is: ${hunt.query}`,
    measures: [],
    evidence: m.refs.map((r) => {
      const at = r.lastIndexOf(":");
      return { uploadId: r.slice(0, at), line: Number(r.slice(at + 1)) };
    }),
    facts: { huntId: hunt.id, hunt: hunt.name, query: hunt.query, matches: m.n },
    addresses: m.addresses ?? [],
  };
}
