import { REST_ROUTES } from "@lantern/api/rest/contract";
import { listFindings } from "@lantern/services/posture/findings";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/findings: posture findings, with the dashboard's filters. */
export const GET = withApiRoute(REST_ROUTES.listFindings, async ({ principal, query }) =>
  Response.json(await listFindings(services(), principal.tenantId, query)),
);
