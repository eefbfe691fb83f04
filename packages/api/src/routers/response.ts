import { addAllow, listAllow, removeAllow, ZAddAllow, ZAllowRef } from "@lantern/services/response/allow-list";
import {
  addBlock,
  listBlocks,
  removeBlock,
  ZAddBlock,
  ZBlockQuery,
  ZBlockRef,
} from "@lantern/services/response/block-list";
import { previewBlock, ZBlockPreview } from "@lantern/services/response/block-preview";
import {
  blockAlertAddresses,
  previewAlertAddresses,
  ZAlertAddresses,
  ZBlockAlertAddresses,
} from "@lantern/services/response/alert-block";
import { requirePermission, router } from "../trpc";

export const responseRouter = router({
  blocks: requirePermission("workspace.read")
    .input(ZBlockQuery)
    .query(({ ctx, input }) => listBlocks(ctx.services, ctx.tenant.id, input)),
  preview: requirePermission("workspace.read")
    .input(ZBlockPreview)
    .query(({ ctx, input }) => previewBlock(ctx.services, ctx.tenant.id, input)),
  block: requirePermission("response.manage")
    .input(ZAddBlock)
    .mutation(({ ctx, input }) => addBlock(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  // Every address of an alert at once: what they sent, then the block.
  previewAlert: requirePermission("workspace.read")
    .input(ZAlertAddresses)
    .query(({ ctx, input }) => previewAlertAddresses(ctx.services, ctx.tenant.id, input)),
  blockAlert: requirePermission("response.manage")
    .input(ZBlockAlertAddresses)
    .mutation(({ ctx, input }) => blockAlertAddresses(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  unblock: requirePermission("response.manage")
    .input(ZBlockRef)
    .mutation(({ ctx, input }) => removeBlock(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  allowList: requirePermission("workspace.read").query(({ ctx }) => listAllow(ctx.services, ctx.tenant.id)),
  allow: requirePermission("response.manage")
    .input(ZAddAllow)
    .mutation(({ ctx, input }) => addAllow(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  disallow: requirePermission("response.manage")
    .input(ZAllowRef)
    .mutation(({ ctx, input }) => removeAllow(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
});
