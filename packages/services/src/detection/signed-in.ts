// "6 sign-ins from the attacking addresses succeeded: accounts likely
// compromised" must say which accounts. A sign-in request rarely names its
// account in an access log (the name is in the body), but what the address
// does next does: the identities (tokens, users, keys) it called with in the
// hour after are the accounts it got into.
import type { Prisma } from "@lantern/db/client";
import type { SignIn } from "@lantern/engine/detection/types";
import { actorsOfKeys } from "../hunt/lookups";

const AFTER_MS = 3_600_000;

export type SignedIn = {
  uploadId: string;
  line: number;
  ip: string;
  at: Date;
  /** The actors its address called as in the hour after, busiest first. */
  calledAs: { actorId: string | null; label: string; calls: number }[];
};

/** Each successful sign-in from an attacking address, with the accounts its address used right after. */
export async function whoSignedIn(
  tx: Prisma.TransactionClient,
  tenantId: string,
  signIns: SignIn[],
): Promise<SignedIn[]> {
  if (signIns.length === 0) return [];
  const rows = await tx.$queryRaw<{ i: bigint; key: string; calls: number }[]>`
    SELECT s.i, e.actor_key AS key, count(*)::int AS calls
    FROM unnest(${signIns.map((s) => s.ip)}::inet[], ${signIns.map((s) => new Date(s.ts))}::timestamptz[]) WITH ORDINALITY AS s(ip, ts, i)
    JOIN telemetry.events e ON e.tenant_id = ${tenantId} AND e.ts >= s.ts AND e.ts < s.ts + ${`${AFTER_MS / 1000} seconds`}::interval
      AND e.client_ip = s.ip
    WHERE e.actor_key IS NOT NULL AND e.actor_key NOT LIKE 'ip:%'
    GROUP BY 1, 2`;
  const actors = await actorsOfKeys(tx, tenantId, [...new Set(rows.map((r) => r.key))]);
  return signIns.map((s, index) => {
    // Keys leading to the same actor are one account.
    const seen = new Map<string, SignedIn["calledAs"][number]>();
    for (const r of rows) {
      if (Number(r.i) !== index + 1) continue;
      const actor = actors.get(r.key) ?? null;
      const id = actor?.id ?? r.key;
      // An identity not yet made an actor is named by its kind: its key may be a keyed hash, never shown.
      const label = actor?.label ?? `${r.key.split(":")[0]} (not an actor yet)`;
      const entry = seen.get(id) ?? { actorId: actor?.id ?? null, label, calls: 0 };
      entry.calls += r.calls;
      seen.set(id, entry);
    }
    return {
      uploadId: s.ref.uploadId,
      line: s.ref.line,
      ip: s.ip,
      at: new Date(s.ts),
      calledAs: [...seen.values()].sort((a, b) => b.calls - a.calls).slice(0, 5),
    };
  });
}
