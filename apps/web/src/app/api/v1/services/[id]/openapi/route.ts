import { exportServiceOpenApi } from "@lantern/services/discovery/inventory";
import { withApiToken } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/services/{id}/openapi: the service's discovered endpoints as an OpenAPI 3.1 document. */
export const GET = withApiToken<{ id: string }>("read", async (_req, principal, params) =>
  Response.json(await exportServiceOpenApi(services(), principal.tenantId, params.id), {
    headers: { "content-disposition": `attachment; filename="${params.id}-openapi.json"` },
  }),
);
