import { z } from "zod";
import { listAlerts } from "@lantern/services/detection/alerts";
import { withApiToken } from "@/server/rest";
import { services } from "@/server/services";

// Query strings carry text: numbers are read here, the rest is checked by the service's schema.
const ZQuery = z.object({
  status: z.string().optional(),
  verdict: z.string().optional(),
  severity: z.string().optional(),
  detector: z.string().optional(),
  assignee: z.string().optional(),
  actor: z.string().optional(),
  endpoint: z.string().optional(),
  updatedSince: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  page: z.coerce.number().optional(),
  pageSize: z.coerce.number().optional(),
});

/** GET /api/v1/alerts: the alert queue for a SIEM to pull (updatedSince for what is new), with the dashboard's filters. */
export const GET = withApiToken("read", async (req, principal) => {
  const query = ZQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listAlerts(services(), principal.tenantId, query as Parameters<typeof listAlerts>[2]));
});
