import { applyJiraWebhook } from "@lantern/services/response/jira";
import { services } from "@/server/services";

/** Jira's issue events are small; anything larger is not one. */
const MAX_BODY = 256 * 1024;

/**
 * POST /api/hooks/jira/{id}/webhook?token=…: Jira Cloud's webhook
 * for issues Lantern opened. The token is the integration's own (shown once
 * when it was connected); an issue that reaches a "done" status resolves its
 * alert. Any failure to authenticate is the same 401, whether or not the
 * integration exists.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const text = await request.text();
  if (text.length > MAX_BODY) return Response.json({ error: "too large" }, { status: 413 });
  let payload: unknown = null;
  try {
    payload = JSON.parse(text);
  } catch {
    payload = null;
  }
  const outcome = await applyJiraWebhook(services().db, id.slice(0, 64), token.slice(0, 200), payload);
  if (outcome === "unauthorized")
    return Response.json({ error: "unknown integration or wrong token" }, { status: 401 });
  return Response.json({ outcome });
}
