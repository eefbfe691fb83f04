// The command palette's search (Ctrl-K): the few endpoints, actors, alerts
// and findings whose names hold what was typed, to jump straight to them.
// Names only, never request contents: it is navigation, not a hunt.
import { z } from "zod";
import { withTenant } from "@lantern/db/client";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import type { ServiceContext } from "./context";
import { containsText } from "./validation";

const PER_KIND = 5;
const METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+/i;

export const ZJump = z.object({ q: z.string().trim().min(2).max(200) });

export type JumpTarget = { kind: "endpoint" | "actor" | "alert" | "finding"; id: string; label: string; hint: string };

export async function jumpTargets(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZJump>,
): Promise<JumpTarget[]> {
  const { q } = ZJump.parse(input);
  // "GET /v1/orders" narrows to the method; the path part is searched in the template and the host.
  const method = METHOD.exec(q)?.[1]?.toUpperCase();
  const text = method ? q.replace(METHOD, "") : q;
  const has = { contains: containsText(text), mode: "insensitive" as const };
  return withTenant(ctx.db, tenantId, async (tx) => {
    // One after the other: a transaction's client runs one query at a time.
    const endpoints = await tx.apiEndpoint.findMany({
      where: {
        tenantId,
        ...(method ? { method } : {}),
        OR: [{ template: has }, { service: { host: has } }],
      },
      orderBy: { calls: "desc" },
      take: PER_KIND,
      select: { id: true, method: true, template: true, calls: true, service: { select: { host: true } } },
    });
    const actors = await tx.actor.findMany({
      where: { tenantId, label: has },
      orderBy: [{ riskScore: "desc" }, { calls: "desc" }],
      take: PER_KIND,
      select: { id: true, label: true, riskScore: true },
    });
    const alerts = await tx.alert.findMany({
      where: { tenantId, title: has },
      orderBy: [{ lastSeen: "desc" }, { id: "asc" }],
      take: PER_KIND,
      select: { id: true, title: true, severity: true, status: true },
    });
    const findings = await tx.postureFinding.findMany({
      where: { tenantId, title: has },
      orderBy: [{ lastSeen: "desc" }, { id: "asc" }],
      take: PER_KIND,
      select: { id: true, title: true, severity: true },
    });
    return [
      ...endpoints.map((e) => ({
        kind: "endpoint" as const,
        id: e.id,
        label: storedEndpointLabel(e),
        hint: `${Number(e.calls).toLocaleString("en")} calls`,
      })),
      ...actors.map((a) => ({
        kind: "actor" as const,
        id: a.id,
        label: a.label,
        hint: `risk ${Math.round(a.riskScore)}`,
      })),
      ...alerts.map((a) => ({
        kind: "alert" as const,
        id: a.id,
        label: a.title,
        hint: `${a.severity.toLowerCase()} · ${a.status.toLowerCase().replace("_", " ")}`,
      })),
      ...findings.map((f) => ({ kind: "finding" as const, id: f.id, label: f.title, hint: f.severity.toLowerCase() })),
    ];
  });
}
