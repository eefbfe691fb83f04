// What an analyst sees and decides of the policies' work on an alert: the
// matches (what was sent, blocked, spared) and the suggested blocks they
// confirm or dismiss.
import { type Prisma, withTenant } from "@lantern/db/client";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { lockBlockList } from "./block-list";
import { addTargetsIn } from "./bulk-block";
import { pushEdgeListsSoon } from "./edge-push";
import type { Actions } from "./policy-rules";
import { type MatchTarget, tally } from "./policy-run";

export const ZDecideMatch = z.object({ matchId: z.string().min(1).max(64), decision: z.enum(["confirm", "dismiss"]) });

/** An analyst confirms a policy's suggested blocks (they are added, in their name) or dismisses them. */
export async function decideSuggestion(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZDecideMatch>,
  who: { actor: Actor },
) {
  const q = ZDecideMatch.parse(input);
  const decided = await withTenant(ctx.db, tenantId, async (tx) => {
    const match = await tx.policyMatch.findFirst({ where: { id: q.matchId, tenantId }, include: { policy: true } });
    // Only alert policies suggest blocks: a finding's match has nothing to decide.
    if (!match?.alertId) throw notFound("Policy suggestion");
    const alertId = match.alertId;
    if (match.state !== "suggested") throw new AppError("CONFLICT", `This suggestion was ${match.state} already.`);
    const suggested = (match.targets as MatchTarget[]).filter((t) => t.outcome === "suggested");
    const actions = match.policy.actions as Actions;
    let targets = match.targets as MatchTarget[];
    if (q.decision === "confirm") {
      await lockBlockList(tx, tenantId);
      const applied = await addTargetsIn(tx, tenantId, suggested, {
        list: actions.block?.list ?? "BLOCK",
        hours: match.policy.blockHours,
        alertId,
        who,
        reason: `Policy "${match.policy.name}", confirmed by ${who.actor.label}`,
      });
      targets = [...targets.filter((t) => t.outcome !== "suggested"), ...applied];
    }
    const state = q.decision === "confirm" ? "applied" : "dismissed";
    await tx.policyMatch.update({
      where: { id: match.id },
      data: {
        state,
        targets: targets as unknown as Prisma.InputJsonValue,
        decidedBy: who.actor.label,
        decidedAt: new Date(),
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: q.decision === "confirm" ? "policy.confirmed" : "policy.dismissed",
      target: { type: "alert", id: alertId },
      metadata: { policy: match.policy.name, ...tally(targets) },
    });
    return { state, ...tally(targets) };
  });
  if (decided.state === "applied") await pushEdgeListsSoon(ctx, tenantId);
  return decided;
}

/** The policies' matches on an alert, for its page: what was done, what waits for a decision. */
export async function alertMatches(ctx: ServiceContext, tenantId: string, alertId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    if (!(await tx.alert.findFirst({ where: { id: alertId, tenantId }, select: { id: true } })))
      throw notFound("Alert");
    const rows = await tx.policyMatch.findMany({
      where: { tenantId, alertId },
      orderBy: { at: "asc" },
      include: { policy: { select: { name: true, mode: true, blockHours: true, actions: true } } },
    });
    return rows.map((m) => ({
      id: m.id,
      policy: m.policy.name,
      mode: m.policy.mode,
      list: (m.policy.actions as Actions).block?.list ?? null,
      blockHours: m.policy.blockHours,
      state: m.state,
      targets: m.targets as MatchTarget[],
      decidedBy: m.decidedBy,
      decidedAt: m.decidedAt,
      at: m.at,
    }));
  });
}
