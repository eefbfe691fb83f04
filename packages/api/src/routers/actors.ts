import { z } from "zod";
import { getActor, listActors, ZActorQuery } from "@lantern/services/detection/actors";
import { actorSessions } from "@lantern/services/detection/actor-sessions";
import { relatedActors } from "@lantern/services/detection/related-actors";
import { requirePermission, router } from "../trpc";

export const ZActorRef = z.object({ actorId: z.string().min(1).max(64) });

export const actorsRouter = router({
  list: requirePermission("workspace.read")
    .input(ZActorQuery)
    .query(({ ctx, input }) => listActors(ctx.services, ctx.tenant.id, input)),
  get: requirePermission("workspace.read")
    .input(ZActorRef)
    .query(({ ctx, input }) => getActor(ctx.services, ctx.tenant.id, input.actorId)),
  sessions: requirePermission("workspace.read")
    .input(ZActorRef)
    .query(({ ctx, input }) => actorSessions(ctx.services, ctx.tenant.id, input.actorId)),
  related: requirePermission("workspace.read")
    .input(ZActorRef)
    .query(({ ctx, input }) => relatedActors(ctx.services, ctx.tenant.id, input.actorId)),
});
