import { listChanges } from "@lantern/services/discovery/inventory";
import { withApiToken } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/changes: the feed of API changes, newest first. */
export const GET = withApiToken("read", async (_req, principal) =>
  Response.json({ changes: await listChanges(services(), principal.tenantId, 200) }),
);
