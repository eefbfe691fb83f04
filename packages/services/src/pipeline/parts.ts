// Discovery and detection read an upload in parts: each part runs under the
// workspace lock and commits its own progress with the part, so a retried
// job resumes after the last part and adds nothing twice; between parts the
// stage may be asked to give way (another workspace's upload is waiting).
import { type Db, streamRows, withTenantClient } from "@lantern/db/client";
import { withWorkspaceLock } from "./workspace-lock";

/**
 * Events read per part: memory stays bounded whatever the upload's size. Detection reads the events its part's hours
 * share with those judged before (detection/part-read.ts), so a window cut by a part is judged whole: parts can be
 * small. 100,000: the worker's peak over a 1M-event upload fell from 2.7 GB (1M per part) to 1.5 GB, and to under
 * 900 MB with the heap's growth held (apps/worker/src/heap.ts); bench/README.md has the figures.
 */
export const PART_EVENTS = 100_000;

/**
 * Runs `part` until it reports done (or has nothing to do: null), handing each
 * finished part to `onPart`. `ran`: at least one part did work; `yielded`:
 * stopped early because `shouldYield` said so, with parts left.
 */
export async function runInParts<P extends { done: boolean }>(
  db: Db,
  tenantId: string,
  part: () => Promise<P | null>,
  onPart: (p: P) => void,
  shouldYield?: () => Promise<boolean>,
): Promise<{ ran: boolean; yielded: boolean }> {
  let ran = false;
  for (;;) {
    const p = await withWorkspaceLock(db, tenantId, part);
    if (p) {
      ran = true;
      onPart(p);
    }
    if (!p || p.done) return { ran, yielded: false };
    if (await shouldYield?.()) return { ran, yielded: true };
  }
}

/**
 * The next part of an upload's events: those after `afterLine`, in line order,
 * at most `limit`, each handed over as an array of `columns` (pg builds a keyed
 * object per row far more slowly). Returns how many were read.
 */
export function streamPartEvents<Row extends unknown[]>(
  db: Db,
  tenantId: string,
  uploadId: string,
  part: { columns: string; afterLine: number; limit: number },
  onRow: (row: Row) => void,
): Promise<number> {
  const text = `SELECT ${part.columns} FROM telemetry.events
    WHERE tenant_id = $1 AND upload_id = $2 AND line_no > $3 ORDER BY line_no LIMIT $4`;
  return withTenantClient(db, tenantId, (client) =>
    streamRows<Row>(client, text, [tenantId, uploadId, part.afterLine, part.limit], onRow),
  );
}
