import { HUNT_FIELDS } from "@lantern/engine/hunt/fields";
import { blockHuntAddresses, previewHuntBlock, ZHuntBlock } from "@lantern/services/hunt/block";
import { huntFacets, huntStats } from "@lantern/services/hunt/groups";
import { ZHunt, ZHuntRows } from "@lantern/services/hunt/run";
import {
  changeHunt,
  listHunts,
  removeHunt,
  saveHunt,
  setHuntDetector,
  ZChangeHunt,
  ZHuntDetector,
  ZHuntRef,
  ZSaveHunt,
} from "@lantern/services/hunt/saved";
import { huntExtent, huntHistogram, huntRows } from "@lantern/services/hunt/search";
import { requirePermission, router } from "../trpc";

// Each part of a hunt is its own call, so the page shows the histogram while the facets still count.
export const huntRouter = router({
  fields: requirePermission("workspace.read").query(() => HUNT_FIELDS),
  extent: requirePermission("workspace.read").query(({ ctx }) => huntExtent(ctx.services, ctx.tenant.id)),
  histogram: requirePermission("workspace.read")
    .input(ZHunt)
    .query(({ ctx, input }) => huntHistogram(ctx.services, ctx.tenant.id, input)),
  rows: requirePermission("workspace.read")
    .input(ZHuntRows)
    .query(({ ctx, input }) => huntRows(ctx.services, ctx.tenant.id, input)),
  facets: requirePermission("workspace.read")
    .input(ZHunt)
    .query(({ ctx, input }) => huntFacets(ctx.services, ctx.tenant.id, input)),
  stats: requirePermission("workspace.read")
    .input(ZHunt)
    .query(({ ctx, input }) => huntStats(ctx.services, ctx.tenant.id, input)),
  // Sending what a hunt found to the block list: the same permission as blocking by hand.
  previewBlock: requirePermission("response.manage")
    .input(ZHunt)
    .query(({ ctx, input }) => previewHuntBlock(ctx.services, ctx.tenant.id, input)),
  block: requirePermission("response.manage")
    .input(ZHuntBlock)
    .mutation(({ ctx, input }) => blockHuntAddresses(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  saved: requirePermission("workspace.read").query(({ ctx }) => listHunts(ctx.services, ctx.tenant.id)),
  save: requirePermission("hunts.manage")
    .input(ZSaveHunt)
    .mutation(({ ctx, input }) => saveHunt(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  change: requirePermission("hunts.manage")
    .input(ZChangeHunt)
    .mutation(({ ctx, input }) => changeHunt(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  setDetector: requirePermission("hunts.manage")
    .input(ZHuntDetector)
    .mutation(({ ctx, input }) => setHuntDetector(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  remove: requirePermission("hunts.manage")
    .input(ZHuntRef)
    .mutation(({ ctx, input }) => removeHunt(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
});
