import { errorResponse } from "@/server/rest";

const notFound = (req: Request) =>
  errorResponse(404, "NOT_FOUND", `No API route ${req.method} ${new URL(req.url).pathname}. See /api/v1/openapi.json.`);

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
