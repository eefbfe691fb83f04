// The posture stage: after an upload is through detection, every endpoint of
// the workspace is judged by the posture checks (engine/posture/checks.ts)
// and the findings are written one per endpoint and check. A finding that
// holds again is refreshed (a resolved one reopens, an accepted risk stays
// accepted until its expiry); one that no longer holds is resolved. Endpoint
// figures only change with discovery, so judging after each upload keeps
// findings current, and a re-run writes the same.
import { type Db, type Prisma, withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import type { EndpointStats } from "@lantern/engine/discovery/endpoint-stats";
import type { VariableInfo } from "@lantern/engine/discovery/templater";
import { judgeEndpoint } from "@lantern/engine/posture/checks";
import type { EndpointFacts, PostureFinding } from "@lantern/engine/posture/types";

export type PostureOutcome = { status: "JUDGED" | "SKIPPED"; endpoints: number; open: number; resolved: number };

/** Endpoints read per page: a stats document is a few kilobytes. */
const PAGE = 500;
const SEVERITY = { critical: "CRITICAL", high: "HIGH", medium: "MEDIUM", low: "LOW" } as const;

export async function judgeUploadPosture(db: Db, tenantId: string, uploadId: string): Promise<PostureOutcome> {
  const upload = await withTenant(db, tenantId, (tx) =>
    tx.upload.findFirst({ where: { id: uploadId, tenantId }, select: { detectedAt: true, postureAt: true } }),
  );
  // After detection only; once per upload.
  if (!upload?.detectedAt || upload.postureAt) return { status: "SKIPPED", endpoints: 0, open: 0, resolved: 0 };
  const outcome = await withTenant(db, tenantId, (tx) => judgeInventory(tx, tenantId, new Date()), {
    timeoutMs: 10 * 60_000,
  });
  await withTenant(db, tenantId, (tx) =>
    tx.upload.update({ where: { id: uploadId }, data: { postureAt: new Date() } }),
  );
  return { status: "JUDGED", ...outcome };
}

/** Judges every endpoint of the workspace and writes what changed. */
export async function judgeInventory(tx: Prisma.TransactionClient, tenantId: string, now: Date) {
  let endpoints = 0;
  let open = 0;
  let resolved = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await readEndpoints(tx, tenantId, cursor);
    if (page.length === 0) break;
    cursor = page[page.length - 1]!.id;
    endpoints += page.length;
    const judged = page.map((e) => ({ id: e.id, findings: judgeEndpoint(e.facts) }));
    const written = await writeFindings(tx, tenantId, judged, now);
    open += written.open;
    resolved += written.resolved;
  }
  return { endpoints, open, resolved };
}

async function readEndpoints(tx: Prisma.TransactionClient, tenantId: string, after?: string) {
  const rows = await tx.apiEndpoint.findMany({
    where: { tenantId, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take: PAGE,
    select: {
      id: true,
      method: true,
      template: true,
      stats: true,
      variables: true,
      specStatus: true,
      service: { select: { host: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    facts: {
      host: r.service.host,
      method: r.method,
      template: r.template,
      stats: r.stats as unknown as EndpointStats,
      variables: (r.variables ?? []) as unknown as VariableInfo[],
      specStatus: r.specStatus as EndpointFacts["specStatus"],
    } satisfies EndpointFacts,
  }));
}

async function writeFindings(
  tx: Prisma.TransactionClient,
  tenantId: string,
  judged: { id: string; findings: PostureFinding[] }[],
  now: Date,
) {
  const stored = await tx.postureFinding.findMany({
    where: { tenantId, endpointId: { in: judged.map((j) => j.id) } },
    select: { id: true, endpointId: true, check: true, status: true, acceptedUntil: true },
  });
  const byKey = new Map(stored.map((f) => [`${f.endpointId} ${f.check}`, f]));
  const holding = new Set<string>();
  let open = 0;
  for (const { id: endpointId, findings } of judged) {
    for (const f of findings) {
      const key = `${endpointId} ${f.check}`;
      holding.add(key);
      const existing = byKey.get(key);
      const judgement = {
        owasp: f.owasp,
        severity: SEVERITY[f.severity],
        confidence: f.confidence,
        title: f.title,
        detail: f.detail,
        fix: f.fix,
        facts: f.facts as Prisma.InputJsonValue,
        lastSeen: now,
      };
      if (!existing) {
        await tx.postureFinding.create({
          data: { id: newId("finding"), tenantId, endpointId, check: f.check, firstSeen: now, ...judgement },
        });
        open++;
        continue;
      }
      const acceptedStill = existing.status === "ACCEPTED" && (!existing.acceptedUntil || existing.acceptedUntil > now);
      const status = acceptedStill ? "ACCEPTED" : "OPEN";
      if (status === "OPEN") open++;
      await tx.postureFinding.update({
        where: { id: existing.id },
        data: { ...judgement, status, ...(status === "OPEN" ? { resolvedAt: null } : {}) },
      });
    }
  }
  // Findings of these endpoints that no longer hold.
  const gone = stored.filter((f) => f.status !== "RESOLVED" && !holding.has(`${f.endpointId} ${f.check}`));
  if (gone.length > 0) {
    await tx.postureFinding.updateMany({
      where: { id: { in: gone.map((f) => f.id) } },
      data: { status: "RESOLVED", resolvedAt: now },
    });
  }
  return { open, resolved: gone.length };
}
