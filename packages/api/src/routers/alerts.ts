import { alertGroups, ZAlertGroups } from "@lantern/services/detection/alert-groups";
import {
  bulkUpdateAlerts,
  commentAlert,
  updateAlert,
  ZAlertRef,
  ZBulkAlerts,
  ZCommentAlert,
  ZUpdateAlert,
} from "@lantern/services/detection/alert-triage";
import { alertSummary, getAlert, listAlerts, ZAlertQuery } from "@lantern/services/detection/alerts";
import { requirePermission, router } from "../trpc";

export const alertsRouter = router({
  list: requirePermission("workspace.read")
    .input(ZAlertQuery)
    .query(({ ctx, input }) => listAlerts(ctx.services, ctx.tenant.id, input)),
  groups: requirePermission("workspace.read")
    .input(ZAlertGroups)
    .query(({ ctx, input }) => alertGroups(ctx.services, ctx.tenant.id, input)),
  summary: requirePermission("workspace.read").query(({ ctx }) => alertSummary(ctx.services, ctx.tenant.id)),
  get: requirePermission("workspace.read")
    .input(ZAlertRef)
    .query(({ ctx, input }) => getAlert(ctx.services, ctx.tenant.id, input.alertId)),
  update: requirePermission("alerts.triage")
    .input(ZUpdateAlert)
    .mutation(({ ctx, input }) => updateAlert(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  comment: requirePermission("alerts.triage")
    .input(ZCommentAlert)
    .mutation(({ ctx, input }) => commentAlert(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  bulkUpdate: requirePermission("alerts.triage")
    .input(ZBulkAlerts)
    .mutation(({ ctx, input }) => bulkUpdateAlerts(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
});
