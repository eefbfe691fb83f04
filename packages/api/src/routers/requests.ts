import { getStoredRequest, ZRequestRef } from "@lantern/services/requests/stored-request";
import { requirePermission, router } from "../trpc";

export const requestsRouter = router({
  get: requirePermission("workspace.read")
    .input(ZRequestRef)
    .query(({ ctx, input }) => getStoredRequest(ctx.services, ctx.tenant.id, input)),
});
