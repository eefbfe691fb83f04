import { REST_ROUTES } from "@lantern/api/rest/contract";
import { exportServiceOpenApi } from "@lantern/services/discovery/inventory";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/services/{id}/openapi: the service's discovered endpoints as an OpenAPI 3.1 document. */
export const GET = withApiRoute(REST_ROUTES.exportService, async ({ principal, params }) =>
  Response.json(await exportServiceOpenApi(services(), principal.tenantId, params.id), {
    headers: { "content-disposition": `attachment; filename="${params.id}-openapi.json"` },
  }),
);
