// Detection baselines in Postgres: read for the subjects a batch touches (its
// endpoints and the workspace-wide "*"), written back when the batch changed
// them. One row per measure and subject, a sparse histogram each.
import type { Prisma } from "../client";
import { insertRows } from "../bulk";
import type { Counts, StoredBaseline } from "@lantern/engine/detection/baselines";

const CHUNK = 5_000;

export async function loadBaselines(
  tx: Prisma.TransactionClient,
  tenantId: string,
  subjects: Iterable<string>,
): Promise<StoredBaseline[]> {
  const all = [...new Set(subjects)];
  const out: StoredBaseline[] = [];
  for (let i = 0; i < all.length; i += CHUNK) {
    const rows = await tx.baseline.findMany({ where: { tenantId, subject: { in: all.slice(i, i + CHUNK) } } });
    for (const r of rows) out.push({ measure: r.measure, subject: r.subject, counts: r.counts as Counts, n: r.n });
  }
  return out;
}

export async function saveBaselines(
  tx: Prisma.TransactionClient,
  tenantId: string,
  baselines: StoredBaseline[],
): Promise<void> {
  await insertRows(
    tx,
    "baselines",
    baselines.map((b) => ({ tenantId, subject: b.subject, measure: b.measure, counts: b.counts, n: b.n })),
    {
      updatedAt: true,
      onConflict: `("tenantId", subject, measure) DO UPDATE SET counts = EXCLUDED.counts, n = EXCLUDED.n, "updatedAt" = EXCLUDED."updatedAt"`,
    },
  );
}
