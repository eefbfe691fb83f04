import { z } from "zod";
import { parseCidr } from "@lantern/engine/normalize/ip";
import { permissionsOf } from "@lantern/services/permissions";
import { ZWorkspaceName } from "@lantern/services/validation";
import { getWorkspace, updateWorkspace } from "@lantern/services/workspaces";
import { requirePermission, router, tenantProcedure } from "../trpc";

const ZCidrList = z
  .array(
    z
      .string()
      .trim()
      .max(50)
      .refine((c) => parseCidr(c) !== null, {
        error: (i) => `"${String(i.input)}" is not an IP range; write it like 203.0.113.0/24 or 2001:db8::/32`,
      }),
  )
  .max(200, "At most 200 ranges");

export const ZUpdateWorkspace = z
  .object({
    name: ZWorkspaceName.optional(),
    auditRetentionDays: z
      .int("Retention is a whole number of days")
      .min(30, "Keep the audit log at least 30 days")
      .max(3650, "Keep the audit log at most 10 years")
      .optional(),
    eventRetentionDays: z
      .int("Retention is a whole number of days")
      .min(7, "Keep API events at least 7 days")
      .max(400, "Keep API events at most 400 days")
      .optional(),
    trustedProxyCidrs: ZCidrList.optional(),
    internalCidrs: ZCidrList.optional(),
    decoyPaths: z
      .array(
        z
          .string()
          .trim()
          .max(200, "Keep decoy paths under 200 characters")
          .regex(/^\/[^\s?#*]*\*?$/, {
            error: (i) => `"${String(i.input)}" is not a path; write it like /v1/admin/export or /.git/*`,
          }),
      )
      .max(100, "At most 100 decoys")
      .optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to change");

export const workspaceRouter = router({
  current: tenantProcedure.query(async ({ ctx }) => ({
    ...(await getWorkspace(ctx.services, ctx.tenant.id)),
    role: ctx.tenant.role,
    permissions: permissionsOf(ctx.tenant.role),
  })),
  update: requirePermission("workspace.manage")
    .input(ZUpdateWorkspace)
    .mutation(({ ctx, input }) => updateWorkspace(ctx.services, ctx.tenant.id, ctx.actor, input, ctx.meta)),
  failedJobs: requirePermission("workspace.manage").query(async ({ ctx }) =>
    ctx.services.jobs ? ctx.services.jobs.failedJobs(ctx.tenant.id) : [],
  ),
});
