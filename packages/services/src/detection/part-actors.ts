// Detection's actors: the part's requests linked in line order (identities
// used together are one actor, links stored per workspace), then each
// request given its actor as finally linked. Identities that now belong to
// another actor have their stored history moved first. Requests judged
// before (read again for the windows they share with the part) are named,
// not learnt from.
import type { Prisma } from "@lantern/db/client";
import { loadLinks, mergeActors } from "@lantern/db/repositories/actors";
import { ActorLinker, identityKey, type IdentityKey } from "@lantern/engine/detection/actors";
import { actorLabel } from "@lantern/engine/discovery/endpoint-stats";
import type { Identity } from "@lantern/engine/normalize/identity";
import type { Phases } from "../pipeline/phases";
import type { PartRead } from "./part-read";

export type ActorLabel = { label: string; kind: string };
export type PartActors = {
  linker: ActorLinker;
  /** The actor of the part's i-th request (null: no identity and no address). */
  actorOf(i: number): IdentityKey | null;
  labelOf(key: IdentityKey): ActorLabel;
};

export async function linkActors(
  tx: Prisma.TransactionClient,
  tenantId: string,
  uploadId: string,
  part: PartRead,
  phases: Phases,
): Promise<PartActors> {
  const linker = new ActorLinker(await loadLinks(tx, tenantId, part.keys));
  phases.lap("links");
  const labels = new Map<IdentityKey, ActorLabel>();
  // Requests with the same identities share one parsed array: each array is labelled once.
  const labelled = new Set<Identity[]>();
  const seen = part.requests.map((r, i) => {
    const ids = part.identities[i]!;
    if (!labelled.has(ids)) {
      labelled.add(ids);
      for (const id of ids) {
        const key = identityKey(id);
        if (!labels.has(key)) labels.set(key, { label: actorLabel({ key, identity: id, ip: null }), kind: id.kind });
      }
    }
    return r.judgedIn ? linker.recall(ids, r.clientIp) : linker.observe(ids, r.clientIp, { uploadId, line: r.line });
  });
  const labelOf = (key: IdentityKey) =>
    labels.get(key) ??
    (key.startsWith("ip:") ? { label: key.slice(3), kind: "ip" } : { label: key, kind: key.split(":")[0]! });
  await mergeActors(tx, tenantId, linker.takeChanges(), labelOf);
  phases.lap("merges");
  return {
    linker,
    actorOf: (i) => {
      const s = seen[i];
      return s ? linker.actorOf(s) : null;
    },
    labelOf,
  };
}
