import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "@lantern/services/tokens";
import { ZTokenScope } from "@lantern/services/validation";
import { requirePermission, router } from "../trpc";

export const ZCreateToken = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the token after what will use it, like “fluent-bit prod”")
    .max(80, "Use at most 80 characters"),
  scopes: z.array(ZTokenScope).min(1, "Choose at least one scope"),
});
export const ZRevokeToken = z.object({ tokenId: z.string().min(1).max(64) });

export const tokensRouter = router({
  list: requirePermission("tokens.manage").query(({ ctx }) => listApiTokens(ctx.services, ctx.tenant.id)),
  create: requirePermission("tokens.manage")
    .input(ZCreateToken)
    .mutation(({ ctx, input }) => createApiToken(ctx.services, ctx.tenant.id, ctx.actor, input, ctx.meta)),
  revoke: requirePermission("tokens.manage")
    .input(ZRevokeToken)
    .mutation(({ ctx, input }) => revokeApiToken(ctx.services, ctx.tenant.id, ctx.actor, input.tokenId, ctx.meta)),
});
