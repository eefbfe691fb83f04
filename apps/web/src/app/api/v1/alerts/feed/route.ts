import { REST_ROUTES } from "@lantern/api/rest/contract";
import { readAlertFeed } from "@lantern/services/detection/alert-feed";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/alerts/feed: alerts raised or changed since a cursor, as JSON or OCSF; the cursor in X-Lantern-Cursor. */
export const GET = withApiRoute(REST_ROUTES.alertFeed, async ({ principal, query }) => {
  const page = await readAlertFeed(services(), principal.tenantId, query);
  return Response.json(page, {
    headers: { "cache-control": "no-store", ...(page.cursor ? { "x-lantern-cursor": page.cursor } : {}) },
  });
});
