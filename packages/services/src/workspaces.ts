// Workspaces (tenants) and the caller's access to them.
import { newId } from "@lantern/db/ids";
import { withTenant, type Db, type Role } from "@lantern/db/client";
import { recordAudit } from "./audit";
import type { Actor, RequestMeta, ServiceContext } from "./context";
import { AppError } from "./errors";
import { assertCan, type Permission } from "./permissions";

export type WorkspaceAccess = { tenantId: string; slug: string; name: string; role: Role };

/**
 * The workspaces a person belongs to. Crosses tenants by design (it answers
 * "where can I go?"), so it reads through the system client.
 */
export async function unsafeWorkspacesOfUser(db: Db, userId: string): Promise<WorkspaceAccess[]> {
  const rows = await db.system.membership.findMany({
    where: { userId },
    select: { role: true, tenant: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ tenantId: r.tenant.id, slug: r.tenant.slug, name: r.tenant.name, role: r.role }));
}

/**
 * Resolves a workspace slug from the URL against the caller's memberships.
 * A slug the caller is not a member of resolves to null, the same as one
 * that does not exist.
 */
export async function unsafeResolveWorkspace(db: Db, userId: string, slug: string): Promise<WorkspaceAccess | null> {
  const row = await db.system.membership.findFirst({
    where: { userId, tenant: { slug } },
    select: { role: true, tenant: { select: { id: true, slug: true, name: true } } },
  });
  return row ? { tenantId: row.tenant.id, slug: row.tenant.slug, name: row.tenant.name, role: row.role } : null;
}

/**
 * The caller's access to the workspace a request names, for every way in
 * (tRPC procedures, the dashboard's upload route): a workspace the caller
 * is not in is NOT_FOUND, as if it did not exist; a role that does not grant
 * `permission` is FORBIDDEN.
 */
export async function authorizeWorkspace(
  db: Db,
  userId: string,
  slug: string | null | undefined,
  permission?: Permission,
): Promise<WorkspaceAccess> {
  const access = slug ? await unsafeResolveWorkspace(db, userId, slug) : null;
  if (!access) throw new AppError("NOT_FOUND", "Workspace not found.");
  if (permission) assertCan(access.role, permission);
  return access;
}

/** The id of the workspace with this slug, for operators (the CLI acts on any workspace by name). Cross-tenant. */
export async function unsafeTenantIdBySlug(db: Db, slug: string): Promise<string | null> {
  return (await db.system.tenant.findUnique({ where: { slug }, select: { id: true } }))?.id ?? null;
}

/** Every workspace's id, for the maintenance ticks that fan out one job per workspace. Cross-tenant. */
export async function unsafeAllTenantIds(db: Db): Promise<string[]> {
  return (await db.system.tenant.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } })).map((t) => t.id);
}

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug.length >= 2 ? slug : `workspace-${slug}`.replace(/-$/, "");
}

/** A free slug for `name`: `acme`, else `acme-2`, `acme-3`… */
async function freeSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (await db.system.tenant.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map(
      (t) => t.slug,
    ),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export type NewUser = { id: string; email: string; name: string; passwordHash: string };

/**
 * Creates a workspace with `owner` as its first Owner. With `newUser`, the
 * owner's account is created in the same transaction (sign-up), so a failure
 * leaves neither behind.
 */
export async function createWorkspace(
  ctx: ServiceContext,
  owner: { userId: string; label: string; newUser?: NewUser },
  name: string,
  meta: RequestMeta,
): Promise<WorkspaceAccess> {
  const tenantId = newId("tenant");
  for (let attempt = 0; ; attempt++) {
    const slug = await freeSlug(ctx.db, name);
    try {
      await withTenant(ctx.db, tenantId, async (tx) => {
        if (owner.newUser) await tx.user.create({ data: owner.newUser });
        await tx.tenant.create({ data: { id: tenantId, slug, name } });
        await tx.membership.create({
          data: { id: newId("membership"), tenantId, userId: owner.userId, role: "OWNER" },
        });
        await recordAudit(tx, {
          tenantId,
          actor: { id: owner.userId, label: owner.label },
          action: "workspace.created",
          metadata: { name, slug },
          meta,
        });
      });
      return { tenantId, slug, name, role: "OWNER" };
    } catch (error) {
      // Two sign-ups raced for the same slug: pick the next one.
      if (isUniqueViolation(error, "slug") && attempt < 5) continue;
      throw error;
    }
  }
}

export async function updateWorkspace(
  ctx: ServiceContext,
  tenantId: string,
  actor: Actor,
  changes: {
    name?: string;
    auditRetentionDays?: number;
    eventRetentionDays?: number;
    trustedProxyCidrs?: string[];
    internalCidrs?: string[];
    decoyPaths?: string[];
  },
  meta: RequestMeta,
) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const updated = await tx.tenant.update({
      where: { id: tenantId },
      data: changes,
      select: {
        id: true,
        slug: true,
        name: true,
        auditRetentionDays: true,
        eventRetentionDays: true,
        trustedProxyCidrs: true,
        internalCidrs: true,
        decoyPaths: true,
      },
    });
    await recordAudit(tx, { tenantId, actor, action: "workspace.updated", metadata: changes, meta });
    return updated;
  });
}

export async function getWorkspace(ctx: ServiceContext, tenantId: string) {
  const tenant = await withTenant(ctx.db, tenantId, (tx) =>
    tx.tenant.findUnique({
      where: { id: tenantId },
      select: {
        id: true,
        slug: true,
        name: true,
        auditRetentionDays: true,
        eventRetentionDays: true,
        trustedProxyCidrs: true,
        internalCidrs: true,
        decoyPaths: true,
        createdAt: true,
      },
    }),
  );
  if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found");
  return tenant;
}

/** A Prisma unique-constraint error, optionally on a field whose name contains `field`. */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (typeof error !== "object" || error === null || (error as { code?: string }).code !== "P2002") return false;
  return !field || JSON.stringify((error as { meta?: unknown }).meta ?? "").includes(field);
}
