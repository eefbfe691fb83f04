import { REST_ROUTES } from "@lantern/api/rest/contract";
import { readFeed } from "@lantern/services/response/feeds";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/blocklist: the block (or rate-limit) list in a gateway's format; the cursor in X-Lantern-Cursor. */
export const GET = withApiRoute(REST_ROUTES.getBlocklist, async ({ principal, query }) => {
  const feed = await readFeed(services(), principal.tenantId, query);
  return new Response(feed.body, {
    headers: { "content-type": feed.contentType, "x-lantern-cursor": feed.cursor, "cache-control": "no-store" },
  });
});
