import { openApiDocument } from "@/server/openapi";
import { env } from "@/env";

export const GET = () => Response.json(openApiDocument(env().APP_URL));
