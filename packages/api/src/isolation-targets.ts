// Every procedure that takes an object id. The Playwright isolation suite
// aims each of them at another workspace's object and expects 404;
// isolation-targets.test.ts fails when a procedure is added without being
// listed here.
export const ID_TAKING_PROCEDURES = [
  "members.changeRole",
  "members.remove",
  "members.resetLink",
  "invitations.revoke",
  "tokens.revoke",
  "uploads.get",
  "inventory.endpoint",
  "inventory.exportOpenApi",
  "inventory.traffic",
  "inventory.map",
  "inventory.markVariable",
  "inventory.keepLiteral",
  "alerts.get",
  "alerts.update",
  "alerts.comment",
  "findings.get",
  "findings.accept",
  "findings.reopen",
  "findings.assign",
  "findings.comment",
  "actors.get",
  "requests.get",
  "response.block",
  "response.unblock",
  "response.disallow",
  "suppressions.create",
  "suppressions.delete",
  "threatLists.delete",
] as const;
export type IdTakingProcedure = (typeof ID_TAKING_PROCEDURES)[number];
