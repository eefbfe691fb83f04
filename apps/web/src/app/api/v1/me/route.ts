import { REST_ROUTES } from "@lantern/api/rest/contract";
import { withApiRoute } from "@/server/rest";

/** Which workspace and scopes the presented token has. */
export const GET = withApiRoute(REST_ROUTES.me, async ({ principal }) =>
  Response.json({
    workspace: { id: principal.tenantId, slug: principal.tenantSlug, name: principal.tenantName },
    token: { id: principal.tokenId, name: principal.tokenName, scopes: principal.scopes },
  }),
);
