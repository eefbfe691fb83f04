import { z } from "zod";
import { listEndpoints } from "@lantern/services/discovery/inventory";
import { withApiToken } from "@/server/rest";
import { services } from "@/server/services";

// Query strings carry text: numbers and booleans are read here, the rest is checked by the service's schema.
const ZQuery = z.object({
  search: z.string().optional(),
  service: z.string().optional(),
  unauthenticated: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  direction: z.string().optional(),
  spec: z.string().optional(),
  sensitive: z.string().optional(),
  sort: z.string().optional(),
  order: z.string().optional(),
  page: z.coerce.number().optional(),
  pageSize: z.coerce.number().optional(),
});

/** GET /api/v1/endpoints: the inventory, with the dashboard's filters, sorting and paging. */
export const GET = withApiToken("read", async (req, principal) => {
  const query = ZQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(
    await listEndpoints(services(), principal.tenantId, query as Parameters<typeof listEndpoints>[2]),
  );
});
