// Dashboard uploads: the browser sends the file as the request body (so it
// can show upload progress); the session and workspace header authorise it,
// like a tRPC call. Large files stream to disk, never into memory.
import { Readable } from "node:stream";
import { z } from "zod";
import { receiveUpload } from "@lantern/services/ingest/uploads";
import { ZFormatQuery, ZSourceName } from "@lantern/services/ingest/validation";
import { authorizeWorkspace } from "@lantern/services/workspaces";
import { env } from "@/env";
import { WORKSPACE_HEADER } from "@/lib/workspace-header";
import { sessionUser } from "@/server/auth";
import { refuseCrossSiteWrite } from "@/server/cross-site";
import { errorResponse, restError } from "@/server/rest";
import { services } from "@/server/services";

const ZUploadQuery = z.object({
  source: ZSourceName.default("uploads"),
  fileName: z.string().trim().min(1).max(255).default("upload.log"),
  format: z.string().optional(),
  logFormat: z.string().max(4000).optional(),
  mapping: z.string().max(8000).optional(),
});

export async function POST(req: Request) {
  const crossSite = refuseCrossSiteWrite(req);
  if (crossSite) return crossSite;
  try {
    const user = await sessionUser();
    if (!user) return errorResponse(401, "UNAUTHORIZED", "Sign in to upload.");
    const access = await authorizeWorkspace(services().db, user.id, req.headers.get(WORKSPACE_HEADER), "data.ingest");
    const query = ZUploadQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
    const formatSpec = query.format
      ? ZFormatQuery.parse({ format: query.format, logFormat: query.logFormat, mapping: query.mapping })
      : null;
    if (!req.body) return errorResponse(400, "BAD_REQUEST", "The request has no file.");
    const upload = await receiveUpload(
      services(),
      access.tenantId,
      Readable.fromWeb(req.body as import("node:stream/web").ReadableStream),
      { source: query.source, fileName: query.fileName, via: "dashboard", formatSpec, createdById: user.id },
      env().MAX_UPLOAD_BYTES,
    );
    return Response.json(upload, { status: 202 });
  } catch (error) {
    return restError(error);
  }
}
