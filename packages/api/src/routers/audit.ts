import { z } from "zod";
import { AUDIT_ACTIONS, listAuditLog, signInActivity, type AuditAction } from "@lantern/services/audit";
import { requirePermission, router } from "../trpc";

export const ZListAudit = z.object({
  action: z.enum(Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]]).optional(),
  cursor: z.string().max(64).nullish(),
  limit: z.int().min(1).max(200).optional(),
});

export const auditRouter = router({
  actions: requirePermission("audit.read").query(() =>
    Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label })),
  ),
  signInActivity: requirePermission("audit.read").query(({ ctx }) => signInActivity(ctx.services, ctx.tenant.id)),
  list: requirePermission("audit.read")
    .input(ZListAudit)
    .query(({ ctx, input }) => listAuditLog(ctx.services, ctx.tenant.id, input)),
});
