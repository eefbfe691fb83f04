import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@lantern/api/root";
import { currentSession } from "@/server/auth";
import { refuseCrossSiteWrite } from "@/server/cross-site";
import { requestMeta } from "@/server/request-meta";
import { services } from "@/server/services";
import { WORKSPACE_HEADER } from "@/lib/workspace-header";

async function createContext(req: Request) {
  const session = await currentSession();
  return {
    services: services(),
    user: session?.user ?? null,
    sessionId: session?.sessionId ?? null,
    workspaceSlug: req.headers.get(WORKSPACE_HEADER),
    meta: requestMeta(req.headers),
    logError: (error: unknown, path: string | undefined) => console.error(`[trpc] ${path ?? "?"} failed:`, error),
  };
}

const handler = (req: Request) =>
  refuseCrossSiteWrite(req) ??
  fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext(req) });

export { handler as GET, handler as POST };
