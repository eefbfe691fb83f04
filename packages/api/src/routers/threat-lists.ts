import {
  deleteThreatList,
  importThreatList,
  listThreatLists,
  ZImportThreatList,
  ZThreatListRef,
} from "@lantern/services/detection/threat-lists";
import { requirePermission, router } from "../trpc";

export const threatListsRouter = router({
  list: requirePermission("workspace.read").query(({ ctx }) => listThreatLists(ctx.services, ctx.tenant.id)),
  import: requirePermission("alerts.triage")
    .input(ZImportThreatList)
    .mutation(({ ctx, input }) => importThreatList(ctx.services, ctx.tenant.id, input, ctx.actor, ctx.meta)),
  delete: requirePermission("alerts.triage")
    .input(ZThreatListRef)
    .mutation(({ ctx, input }) => deleteThreatList(ctx.services, ctx.tenant.id, input, ctx.actor, ctx.meta)),
});
