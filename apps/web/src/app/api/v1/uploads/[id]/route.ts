import { REST_ROUTES } from "@lantern/api/rest/contract";
import { getUpload } from "@lantern/services/ingest/uploads";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";
import { uploadJson } from "@/server/upload-json";

/** GET /api/v1/uploads/{id}: an upload's progress through every stage, counts, time range and readiness. */
export const GET = withApiRoute(REST_ROUTES.getUpload, async ({ principal, params }) =>
  Response.json(uploadJson(await getUpload(services(), principal.tenantId, params.id))),
);
