// The audit log: who did what, when, from where. Entries are written in the
// same transaction as the change they record.
import { newId } from "@lantern/db/ids";
import { withTenant, type Db, type TenantTx, type Prisma } from "@lantern/db/client";
import type { Actor, RequestMeta, ServiceContext } from "./context";

export const AUDIT_ACTIONS = {
  "workspace.created": "Created the workspace",
  "workspace.updated": "Changed workspace settings",
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Failed to sign in",
  "auth.sign_in_rate_limited": "Sign-in blocked by rate limit",
  "auth.password_changed": "Changed their password (other sessions ended)",
  "auth.password_reset": "Set a new password with a reset link (all sessions ended)",
  "invitation.created": "Invited a teammate",
  "invitation.revoked": "Revoked an invitation",
  "invitation.accepted": "Accepted an invitation",
  "member.role_changed": "Changed a member's role",
  "member.removed": "Removed a member",
  "member.password_reset_link": "Made a password reset link for a member",
  "token.created": "Created an API token",
  "token.revoked": "Revoked an API token",
  "inventory.template_merged": "Marked a path segment variable (merged endpoints)",
  "inventory.template_split": "Kept a value literal (split an endpoint)",
  "alert.status": "Changed the status of an alert",
  "alert.assigned": "Changed who an alert is assigned to",
  "alert.commented": "Commented on an alert",
  "suppression.created": "Allow-listed an actor or network (suppression)",
  "suppression.deleted": "Removed a suppression",
  "threat_list.imported": "Imported a threat-intelligence list",
  "threat_list.deleted": "Removed a threat-intelligence list",
  "finding.accepted": "Accepted the risk of a posture finding",
  "finding.reopened": "Opened a posture finding again",
  "finding.assigned": "Changed the owner of a posture finding",
  "finding.commented": "Commented on a posture finding",
  "block.added": "Added an address or caller to the block or rate-limit list",
  "block.extended": "Extended an entry of the block or rate-limit list",
  "block.removed": "Took an entry off the block or rate-limit list",
  "allow.added": "Added an entry to the allow list",
  "allow.removed": "Removed an entry from the allow list",
  "integration.added": "Connected an integration (webhook, chat, SIEM, tickets)",
  "integration.enabled": "Switched an integration on",
  "integration.disabled": "Switched an integration off",
  "integration.removed": "Removed an integration",
  "integration.tested": "Sent a test to an integration",
  "delivery.resent": "Sent a delivery to an integration again",
  "policy.added": "Created a response policy",
  "policy.changed": "Changed a response policy",
  "policy.enabled": "Switched a response policy on",
  "policy.disabled": "Switched a response policy off",
  "policy.removed": "Removed a response policy",
  "policy.confirmed": "Confirmed the blocks a policy suggested",
  "policy.dismissed": "Dismissed the blocks a policy suggested",
  "hunt.saved": "Saved a hunt",
  "hunt.changed": "Changed a saved hunt",
  "hunt.detector": "Made a saved hunt a detector, or stopped it",
  "hunt.removed": "Removed a saved hunt",
  "hunt.blocked": "Blocked the addresses a hunt matched",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export type AuditEntry = {
  tenantId: string;
  actor: Actor | null;
  action: AuditAction;
  target?: { type: string; id: string };
  metadata?: Record<string, unknown>;
  meta?: RequestMeta;
};

export async function recordAudit(tx: TenantTx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      id: newId("audit"),
      tenantId: entry.tenantId,
      actorId: entry.actor?.id ?? null,
      actorLabel: entry.actor?.label ?? "anonymous",
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      metadata: (entry.metadata ?? {}) as Prisma.InputJsonValue,
      ip: entry.meta?.ip ?? null,
      userAgent: entry.meta?.userAgent?.slice(0, 300) ?? null,
    },
  });
}

export type AuditPage = {
  entries: {
    id: string;
    createdAt: Date;
    actorLabel: string;
    action: string;
    description: string;
    targetType: string | null;
    targetId: string | null;
    metadata: unknown;
    ip: string | null;
  }[];
  nextCursor: string | null;
};

export async function listAuditLog(
  ctx: ServiceContext,
  tenantId: string,
  query: { action?: AuditAction; limit?: number; cursor?: string | null },
): Promise<AuditPage> {
  const limit = Math.min(query.limit ?? 50, 200);
  const rows = await withTenant(ctx.db, tenantId, (tx) =>
    tx.auditLog.findMany({
      where: { tenantId, ...(query.action ? { action: query.action } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
      select: {
        id: true,
        createdAt: true,
        actorLabel: true,
        action: true,
        targetType: true,
        targetId: true,
        metadata: true,
        ip: true,
      },
    }),
  );
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({ ...r, description: AUDIT_ACTIONS[r.action as AuditAction] ?? r.action })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** Deletes entries older than the workspace's retention. Idempotent. */
export async function pruneAuditLog(db: Db, tenantId: string, now = new Date()): Promise<number> {
  return withTenant(db, tenantId, async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { auditRetentionDays: true } });
    if (!tenant) return 0;
    const cutoff = new Date(now.getTime() - tenant.auditRetentionDays * 86_400_000);
    const { count } = await tx.auditLog.deleteMany({ where: { tenantId, createdAt: { lt: cutoff } } });
    return count;
  });
}

export type SignInActivityDay = { day: string; succeeded: number; failed: number; blocked: number };

/** Sign-ins per day (UTC) over the last `days` days, for the audit page's chart. */
export async function signInActivity(
  ctx: ServiceContext,
  tenantId: string,
  days = 14,
  now = new Date(),
): Promise<SignInActivityDay[]> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const rows = await withTenant(
    ctx.db,
    tenantId,
    (tx) =>
      tx.$queryRaw<{ day: Date; action: string; n: bigint }[]>`
      SELECT date_trunc('day', "createdAt") AS day, action, count(*) AS n
      FROM audit_logs
      WHERE "tenantId" = ${tenantId} AND "createdAt" >= ${start}
        AND action IN ('auth.sign_in', 'auth.sign_in_failed', 'auth.sign_in_rate_limited')
      GROUP BY 1, 2`,
  );
  const series: SignInActivityDay[] = Array.from({ length: days }, (_, i) => ({
    day: new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10),
    succeeded: 0,
    failed: 0,
    blocked: 0,
  }));
  const byDay = new Map(series.map((d) => [d.day, d]));
  for (const row of rows) {
    const entry = byDay.get(new Date(row.day).toISOString().slice(0, 10));
    if (!entry) continue;
    const key =
      row.action === "auth.sign_in" ? "succeeded" : row.action === "auth.sign_in_failed" ? "failed" : "blocked";
    entry[key] += Number(row.n);
  }
  return series;
}
