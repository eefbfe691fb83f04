import { withApiToken } from "@/server/rest";

/** Which workspace and scopes the presented token has. */
export const GET = withApiToken("read", async (_req, principal) =>
  Response.json({
    workspace: { id: principal.tenantId, slug: principal.tenantSlug, name: principal.tenantName },
    token: { id: principal.tokenId, name: principal.tokenName, scopes: principal.scopes },
  }),
);
