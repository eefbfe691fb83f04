import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@lantern/api/root";
import { sessionUser } from "@/server/auth";
import { requestMeta } from "@/server/request-meta";
import { services } from "@/server/services";
import { WORKSPACE_HEADER } from "@/lib/workspace-header";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({
      services: services(),
      user: await sessionUser(),
      workspaceSlug: req.headers.get(WORKSPACE_HEADER),
      meta: requestMeta(req.headers),
      logError: (error: unknown, path: string | undefined) => console.error(`[trpc] ${path ?? "?"} failed:`, error),
    }),
  });

export { handler as GET, handler as POST };
