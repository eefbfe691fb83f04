import { openApiDocument } from "@lantern/api/rest/openapi";
import { env } from "@/env";

/** The document generated from the REST contract (packages/api/src/rest/contract.ts). */
export const GET = () => Response.json(openApiDocument(env().APP_URL));
