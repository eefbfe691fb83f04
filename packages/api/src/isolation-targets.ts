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
  "alerts.bulkUpdate",
  "findings.get",
  "findings.accept",
  "findings.reopen",
  "findings.assign",
  "findings.comment",
  "actors.get",
  "actors.related",
  "actors.sessions",
  "requests.get",
  "response.block",
  "response.unblock",
  "response.previewAlert",
  "response.blockAlert",
  "response.disallow",
  "integrations.setEnabled",
  "integrations.remove",
  "integrations.test",
  "integrations.deliveries",
  "integrations.redeliver",
  "hunt.change",
  "hunt.setDetector",
  "hunt.remove",
  "policies.update",
  "policies.dryRun",
  "policies.setEnabled",
  "policies.remove",
  "policies.forAlert",
  "policies.decide",
  "suppressions.create",
  "suppressions.delete",
  "threatLists.delete",
] as const;
export type IdTakingProcedure = (typeof ID_TAKING_PROCEDURES)[number];

/**
 * Procedures acting on a selection of ids: another workspace's ids in it are
 * skipped like ids that do not exist (nothing changes, nothing is named), so
 * they answer with what they changed rather than 404. Each has its own test.
 */
export const SELECTION_PROCEDURES = ["alerts.bulkUpdate"] as const satisfies readonly IdTakingProcedure[];
