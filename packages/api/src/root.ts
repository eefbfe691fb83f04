import { router, createCallerFactory } from "./trpc";
import { accountRouter } from "./routers/account";
import { actorsRouter } from "./routers/actors";
import { alertsRouter } from "./routers/alerts";
import { findingsRouter } from "./routers/findings";
import { huntRouter } from "./routers/hunt";
import { requestsRouter } from "./routers/requests";
import { integrationsRouter } from "./routers/integrations";
import { jumpRouter } from "./routers/jump";
import { notificationsRouter } from "./routers/notifications";
import { policiesRouter } from "./routers/policies";
import { responseRouter } from "./routers/response";
import { suppressionsRouter } from "./routers/suppressions";
import { threatListsRouter } from "./routers/threat-lists";
import { auditRouter } from "./routers/audit";
import { invitationsRouter } from "./routers/invitations";
import { membersRouter } from "./routers/members";
import { tokensRouter } from "./routers/tokens";
import { inventoryRouter } from "./routers/inventory";
import { uploadsRouter } from "./routers/uploads";
import { viewsRouter } from "./routers/views";
import { workspaceRouter } from "./routers/workspace";

export const appRouter = router({
  account: accountRouter,
  workspace: workspaceRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  uploads: uploadsRouter,
  inventory: inventoryRouter,
  alerts: alertsRouter,
  findings: findingsRouter,
  actors: actorsRouter,
  hunt: huntRouter,
  requests: requestsRouter,
  response: responseRouter,
  integrations: integrationsRouter,
  policies: policiesRouter,
  notifications: notificationsRouter,
  suppressions: suppressionsRouter,
  threatLists: threatListsRouter,
  views: viewsRouter,
  jump: jumpRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
