// A person's default view of a list page: the filters, sort and grouping they
// open it with. Stored as the page's URL query, so a view is exactly what a
// shared link would show; only the page's known parameters are kept.
import { z } from "zod";
import { withTenant } from "@lantern/db/client";
import type { ServiceContext } from "./context";
import { VIEW_PARAMS, type ViewPage, viewQuery } from "./view-params";

export const ZViewRef = z.object({ page: z.enum(Object.keys(VIEW_PARAMS) as [ViewPage, ...ViewPage[]]) });
export const ZSaveView = ZViewRef.extend({ query: z.string().max(2_000) });

/** The person's default view of the page, or null if they never saved one. */
export async function savedView(
  ctx: ServiceContext,
  tenantId: string,
  userId: string,
  input: z.input<typeof ZViewRef>,
) {
  const { page } = ZViewRef.parse(input);
  const view = await withTenant(ctx.db, tenantId, (tx) =>
    tx.savedView.findUnique({ where: { tenantId_userId_page: { tenantId, userId, page } }, select: { query: true } }),
  );
  return view ? { query: view.query } : null;
}

export async function saveView(
  ctx: ServiceContext,
  tenantId: string,
  userId: string,
  input: z.input<typeof ZSaveView>,
) {
  const q = ZSaveView.parse(input);
  const query = viewQuery(q.page, q.query);
  await withTenant(ctx.db, tenantId, (tx) =>
    tx.savedView.upsert({
      where: { tenantId_userId_page: { tenantId, userId, page: q.page } },
      create: { tenantId, userId, page: q.page, query },
      update: { query },
    }),
  );
  return { query };
}

/** Back to the page's own default. */
export async function forgetView(
  ctx: ServiceContext,
  tenantId: string,
  userId: string,
  input: z.input<typeof ZViewRef>,
) {
  const { page } = ZViewRef.parse(input);
  await withTenant(ctx.db, tenantId, (tx) => tx.savedView.deleteMany({ where: { tenantId, userId, page } }));
  return { page };
}
