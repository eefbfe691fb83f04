import { z } from "zod";
import { FORMAT_LABELS } from "@lantern/engine/formats/registry";
import { getDataSource, listDataSources } from "@lantern/services/ingest/data-sources";
import { getUpload, listUploads } from "@lantern/services/ingest/uploads";
import { requirePermission, router } from "../trpc";

export const ZGetUpload = z.object({ uploadId: z.string().min(1).max(64) });
export const ZGetSource = z.object({ source: z.string().min(1).max(64) });

export const uploadsRouter = router({
  list: requirePermission("workspace.read").query(({ ctx }) => listUploads(ctx.services, ctx.tenant.id)),
  get: requirePermission("workspace.read")
    .input(ZGetUpload)
    .query(({ ctx, input }) => getUpload(ctx.services, ctx.tenant.id, input.uploadId)),
  /** Data sources: uploads grouped by source name, with the latest readiness. */
  sources: requirePermission("workspace.read").query(({ ctx }) => listDataSources(ctx.services, ctx.tenant.id)),
  source: requirePermission("workspace.read")
    .input(ZGetSource)
    .query(({ ctx, input }) => getDataSource(ctx.services, ctx.tenant.id, input.source)),
  formats: requirePermission("workspace.read").query(() =>
    Object.entries(FORMAT_LABELS).map(([id, label]) => ({ id, label })),
  ),
});
