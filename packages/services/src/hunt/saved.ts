// Saved hunts: a name, a query and an owner, kept per workspace so a good
// hunt is run again, shared, and, as a detector, run on every new upload
// (detectors.ts). A query is compiled when it is saved, so a saved hunt
// always runs; a detector cannot end in a stats pipe (its matches are
// requests, which become alerts).
import { type Prisma, withTenant } from "@lantern/db/client";
import { ID_PREFIXES, newId } from "@lantern/db/ids";
import { HuntQueryError, parseHunt } from "@lantern/engine/hunt/query";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { SEVERITIES } from "../severity";
import { compileHunt } from "./compile";
import { huntLookups } from "./lookups";

export const ZSaveHunt = z.object({
  name: z.string().trim().min(3, "Name it (three characters or more).").max(80),
  query: z.string().trim().min(1, "Write the query to keep.").max(2_000),
});
export const ZHuntRef = z.object({ huntId: z.string().min(1).max(64) });
export const ZChangeHunt = ZHuntRef.extend(ZSaveHunt.shape);
export const ZHuntDetector = ZHuntRef.extend({
  detector: z.boolean(),
  severity: z.enum(SEVERITIES).default("MEDIUM"),
});

type Who = { actor: Actor };

/** Refuses a query that would not run, with the compiler's words; a detector's may not aggregate. */
async function checkQuery(tx: Prisma.TransactionClient, tenantId: string, query: string, detector: boolean) {
  try {
    const parsed = parseHunt(query);
    await compileHunt(parsed.where, huntLookups(tx, tenantId));
    if (detector && parsed.pipe)
      throw new AppError("BAD_REQUEST", "A detector's query finds requests: take the | stats pipe off first.");
  } catch (error) {
    if (error instanceof HuntQueryError)
      throw new AppError("BAD_REQUEST", `${error.message} (at character ${error.position + 1})`);
    throw error;
  }
}

/** The workspace's saved hunt, or NOT_FOUND (another workspace's id is none). */
async function findHunt(tx: Prisma.TransactionClient, tenantId: string, huntId: string) {
  const row = await tx.savedHunt.findFirst({ where: { id: huntId, tenantId } });
  if (!row) throw notFound("Saved hunt");
  return row;
}

const ownerOf = (who: Who) => (who.actor.id.startsWith(`${ID_PREFIXES.user}_`) ? who.actor.id : null);

export async function saveHunt(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZSaveHunt>, who: Who) {
  const q = ZSaveHunt.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    await checkQuery(tx, tenantId, q.query, false);
    if (await tx.savedHunt.findFirst({ where: { tenantId, name: q.name }, select: { id: true } }))
      throw new AppError("CONFLICT", `A hunt named "${q.name}" exists already.`);
    const row = await tx.savedHunt.create({
      data: { id: newId("savedHunt"), tenantId, name: q.name, query: q.query, ownerId: ownerOf(who) },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "hunt.saved",
      target: { type: "hunt", id: row.id },
      metadata: { name: q.name, query: q.query },
    });
    return row;
  });
}

export async function changeHunt(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZChangeHunt>, who: Who) {
  const q = ZChangeHunt.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await findHunt(tx, tenantId, q.huntId);
    await checkQuery(tx, tenantId, q.query, row.detector);
    const clash = await tx.savedHunt.findFirst({ where: { tenantId, name: q.name, NOT: { id: row.id } } });
    if (clash) throw new AppError("CONFLICT", `A hunt named "${q.name}" exists already.`);
    const updated = await tx.savedHunt.update({ where: { id: row.id }, data: { name: q.name, query: q.query } });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "hunt.changed",
      target: { type: "hunt", id: row.id },
      metadata: { name: q.name, query: q.query, was: row.query },
    });
    return updated;
  });
}

/** Makes a saved hunt a detector (it runs on the next upload, not on the past) or stops it. */
export async function setHuntDetector(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZHuntDetector>,
  who: Who,
) {
  const q = ZHuntDetector.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await findHunt(tx, tenantId, q.huntId);
    if (q.detector) await checkQuery(tx, tenantId, row.query, true);
    const updated = await tx.savedHunt.update({
      where: { id: row.id },
      data: { detector: q.detector, severity: q.severity },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "hunt.detector",
      target: { type: "hunt", id: row.id },
      metadata: { name: row.name, detector: q.detector, severity: q.severity },
    });
    return updated;
  });
}

export async function removeHunt(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZHuntRef>, who: Who) {
  const q = ZHuntRef.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await findHunt(tx, tenantId, q.huntId);
    await tx.savedHunt.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "hunt.removed",
      target: { type: "hunt", id: row.id },
      metadata: { name: row.name },
    });
    return { removed: row.id };
  });
}

/** The workspace's saved hunts, detectors first, with their owner and last run. */
export async function listHunts(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, (tx) =>
    tx.savedHunt.findMany({
      where: { tenantId },
      orderBy: [{ detector: "desc" }, { name: "asc" }],
      include: { owner: { select: { name: true, email: true } } },
    }),
  );
}
