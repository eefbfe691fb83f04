// The role matrix. The README's table is generated from this object
// (see permissions.test.ts), so the two cannot drift apart. A permission is
// listed once something checks it: response actions add theirs when they
// are built.
import type { Role } from "@lantern/db/client";
import { AppError } from "./errors";

export const ROLES = ["OWNER", "ADMIN", "ANALYST", "DEVELOPER", "VIEWER"] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  ANALYST: "Analyst",
  DEVELOPER: "Developer",
  VIEWER: "Viewer",
};

export const PERMISSIONS = {
  "workspace.read": {
    label: "See the workspace: inventory, findings, alerts, actors",
    roles: ["OWNER", "ADMIN", "ANALYST", "DEVELOPER", "VIEWER"],
  },
  "workspace.manage": { label: "Rename the workspace, change retention", roles: ["OWNER", "ADMIN"] },
  "members.read": { label: "See who is in the workspace", roles: ["OWNER", "ADMIN", "ANALYST", "DEVELOPER", "VIEWER"] },
  "members.manage": { label: "Invite, revoke invitations, change roles, remove members", roles: ["OWNER", "ADMIN"] },
  "members.manageOwners": {
    label: "Grant or take away the Owner role; make a member's password reset link",
    roles: ["OWNER"],
  },
  "tokens.manage": { label: "Create and revoke API tokens", roles: ["OWNER", "ADMIN"] },
  "audit.read": { label: "Browse the audit log", roles: ["OWNER", "ADMIN"] },
  "data.ingest": {
    label: "Upload logs and specs, connect data sources, correct endpoint templates",
    roles: ["OWNER", "ADMIN", "ANALYST", "DEVELOPER"],
  },
  "findings.manage": {
    label: "Triage posture findings: accept the risk, open again, assign, comment",
    roles: ["OWNER", "ADMIN", "ANALYST", "DEVELOPER"],
  },
  "response.manage": {
    label: "Block or rate-limit addresses and callers, keep the allow list",
    roles: ["OWNER", "ADMIN", "ANALYST"],
  },
  "integrations.manage": {
    label: "Connect webhooks, chat, SIEM and ticket integrations; send tests and redeliveries",
    roles: ["OWNER", "ADMIN"],
  },
  "policies.manage": {
    label: "Create response policies, dry-run them over history, switch them on",
    roles: ["OWNER", "ADMIN", "ANALYST"],
  },
  "alerts.triage": {
    label: "Triage alerts: assign, comment, set status",
    roles: ["OWNER", "ADMIN", "ANALYST", "DEVELOPER"],
  },
  "hunts.manage": {
    label: "Save hunts and run them as detectors on each upload",
    roles: ["OWNER", "ADMIN", "ANALYST"],
  },
} as const satisfies Record<string, { label: string; roles: readonly Role[] }>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

/** Throws FORBIDDEN unless `role` grants `permission`: the one refusal every way in gives. */
export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) {
    throw new AppError("FORBIDDEN", "Your role in this workspace does not allow this. Ask an Owner or Admin.");
  }
}

/**
 * What a role may do, in one sentence for pickers, from the matrix itself
 * (so a picker never promises what the server does not grant).
 */
export function roleSummary(role: Role): string {
  const beyondViewer = permissionsOf(role).filter((p) => !can("VIEWER", p));
  if (beyondViewer.length === 0) return "Sees the workspace and its members; changes nothing.";
  return `Sees everything a Viewer sees, and may: ${beyondViewer.map((p) => lowerFirst(PERMISSIONS[p].label)).join("; ")}.`;
}
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

/** The matrix as a Markdown table, for the README. */
export function permissionMatrixMarkdown(): string {
  const header = `| Permission | ${ROLES.map((r) => ROLE_LABELS[r]).join(" | ")} |`;
  const rule = `|---|${ROLES.map(() => ":-:").join("|")}|`;
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map(
    (p) => `| \`${p}\`: ${PERMISSIONS[p].label} | ${ROLES.map((r) => (can(r, p) ? "✓" : "")).join(" | ")} |`,
  );
  return [header, rule, ...rows].join("\n");
}
