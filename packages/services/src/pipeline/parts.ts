// Discovery and detection read an upload in parts: each part runs under the
// workspace's discovery lock and commits its own progress; between parts the
// caller may be asked to give way (another workspace's job is waiting).
import type { Db } from "@lantern/db/client";
import { withDiscoveryLock } from "./lock";

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
    const p = await withDiscoveryLock(db, tenantId, part);
    if (p) {
      ran = true;
      onPart(p);
    }
    if (!p || p.done) return { ran, yielded: false };
    if (await shouldYield?.()) return { ran, yielded: true };
  }
}
