import { Readable } from "node:stream";
import { REST_ROUTES } from "@lantern/api/rest/contract";
import { formatBytes } from "@lantern/services/format-bytes";
import { receiveUpload } from "@lantern/services/ingest/uploads";
import { ZFormatQuery } from "@lantern/services/ingest/validation";
import { AppError } from "@lantern/services/errors";
import { env } from "@/env";
import { errorResponse, withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/**
 * POST /api/v1/ingest: a batch of raw log lines or NDJSON, optionally
 * gzip-compressed. Stored, then parsed in the background: poll the upload.
 */
export const POST = withApiRoute(REST_ROUTES.ingest, async ({ req, principal, query }) => {
  const url = new URL(req.url);
  const formatSpec = query.format
    ? ZFormatQuery.parse({ format: query.format, logFormat: query.log_format, mapping: query.mapping })
    : null;
  const encoding = (req.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    return errorResponse(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Encoding ${encoding} is not supported; send plain text or gzip.`,
    );
  }
  if (!req.body) return errorResponse(400, "BAD_REQUEST", "The request has no body: send log lines.");
  const limit = env().MAX_UPLOAD_BYTES;
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > limit)
    throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than the limit of ${formatBytes(limit)}.`);
  const created = await receiveUpload(
    services(),
    principal.tenantId,
    Readable.fromWeb(req.body as import("node:stream/web").ReadableStream),
    {
      source: query.source,
      fileName: `${query.source}-${new Date().toISOString()}${encoding === "gzip" ? ".gz" : ""}`,
      via: "api",
      formatSpec,
      createdById: principal.tokenId,
    },
    limit,
  );
  return Response.json(
    {
      uploadId: created.id,
      status: created.status,
      duplicateOf: created.duplicateOfId,
      statusUrl: `${url.origin}/api/v1/uploads/${created.id}`,
    },
    { status: 202 },
  );
});
