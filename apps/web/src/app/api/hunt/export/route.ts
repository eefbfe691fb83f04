// A hunt's matches as a download (CSV or JSON lines). A link cannot send the
// workspace header, so the workspace is a query parameter; the session and
// the member's read permission authorise it like a tRPC call. The file is
// streamed as it is read, never held whole.
import { huntExport, ZHuntExport } from "@lantern/services/hunt/export";
import { authorizeWorkspace } from "@lantern/services/workspaces";
import { sessionUser } from "@/server/auth";
import { errorResponse, restError } from "@/server/rest";
import { services } from "@/server/services";

export async function GET(req: Request) {
  try {
    const url = new URL(req.url);
    // No stored value holds a NUL, and Postgres refuses one in a parameter.
    // (Read from the parsed parameters: decoding the raw query by hand throws on a stray "%".)
    if ([...url.searchParams.values()].some((v) => v.includes("\0")))
      return errorResponse(400, "BAD_REQUEST", "The request holds a NUL character.");
    const user = await sessionUser();
    if (!user) return errorResponse(401, "UNAUTHORIZED", "Sign in to export a hunt.");
    const params = Object.fromEntries(url.searchParams);
    const access = await authorizeWorkspace(services().db, user.id, params.workspace, "workspace.read");
    const input = ZHuntExport.parse(params);
    const lines = huntExport(services(), access.tenantId, input);
    // The first line is read before answering, so a bad query is a 400, not a broken download.
    const first = await lines.next();
    const csv = input.format === "csv";
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(new TextEncoder().encode(first.value));
      },
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(new TextEncoder().encode(next.value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    return new Response(body, {
      headers: {
        "content-type": csv ? "text/csv; charset=utf-8" : "application/x-ndjson",
        "content-disposition": `attachment; filename="hunt-${access.slug}-${stamp}.${csv ? "csv" : "jsonl"}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return restError(error);
  }
}
