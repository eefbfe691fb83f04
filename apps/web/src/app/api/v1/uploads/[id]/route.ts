import { getUpload } from "@lantern/services/ingest/uploads";
import { withApiToken } from "@/server/rest";
import { services } from "@/server/services";
import { uploadJson } from "@/server/upload-json";

/** GET /api/v1/uploads/{id}: status, format, line counts, time range and readiness of an upload. */
export const GET = withApiToken<{ id: string }>(["ingest", "read"], async (_req, principal, params) =>
  Response.json(uploadJson(await getUpload(services(), principal.tenantId, params.id))),
);
