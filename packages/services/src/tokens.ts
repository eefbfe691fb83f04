// API tokens for the public REST API: per workspace, scoped, shown once, stored hashed.
import { newId } from "@lantern/db/ids";
import { withTenant } from "@lantern/db/client";
import { recordAudit } from "./audit";
import type { Actor, RequestMeta, ServiceContext } from "./context";
import { generateSecret, hashSecret } from "./crypto";
import { notFound } from "./errors";
import { TOKEN_SCOPES } from "./validation";

export { TOKEN_SCOPES };
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** lastUsedAt is refreshed at most this often, so busy tokens do not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function createApiToken(
  ctx: ServiceContext,
  tenantId: string,
  actor: Actor,
  input: { name: string; scopes: TokenScope[] },
  meta: RequestMeta,
) {
  const token = generateSecret("lt");
  const id = newId("apiToken");
  const scopes = [...new Set(input.scopes)].sort();
  const displayPrefix = token.slice(0, 10);
  await withTenant(ctx.db, tenantId, async (tx) => {
    await tx.apiToken.create({
      data: {
        id,
        tenantId,
        name: input.name,
        displayPrefix,
        tokenHash: hashSecret(token),
        scopes,
        createdById: actor.id,
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "token.created",
      target: { type: "token", id },
      metadata: { name: input.name, scopes },
      meta,
    });
  });
  return { id, name: input.name, scopes, displayPrefix, token };
}

/** The workspace's tokens, newest first, each with who created it (tokens are revoked when their creator is removed). */
export async function listApiTokens(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const tokens = await tx.apiToken.findMany({
      where: { tenantId },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        name: true,
        displayPrefix: true,
        scopes: true,
        createdAt: true,
        lastUsedAt: true,
        revokedAt: true,
        createdById: true,
      },
    });
    const creatorIds = [...new Set(tokens.map((t) => t.createdById).filter((id): id is string => id !== null))];
    const creators = new Map(
      (await tx.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, email: true } })).map((u) => [
        u.id,
        u.email,
      ]),
    );
    return tokens.map(({ createdById, ...t }) => ({
      ...t,
      createdBy: createdById ? (creators.get(createdById) ?? null) : null,
    }));
  });
}

export async function revokeApiToken(
  ctx: ServiceContext,
  tenantId: string,
  actor: Actor,
  tokenId: string,
  meta: RequestMeta,
) {
  await withTenant(ctx.db, tenantId, async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id: tokenId, tenantId },
      select: { id: true, name: true, revokedAt: true },
    });
    if (!token) throw notFound("API token");
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "token.revoked",
      target: { type: "token", id: token.id },
      metadata: { name: token.name },
      meta,
    });
  });
}

export type TokenPrincipal = {
  tokenId: string;
  tokenName: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  scopes: TokenScope[];
};

/**
 * Resolves a bearer token to its workspace. Runs before any tenant is known,
 * so it looks the hash up through the system client.
 */
export async function unsafeAuthenticateApiToken(ctx: ServiceContext, bearer: string): Promise<TokenPrincipal | null> {
  if (!/^lt_[A-Za-z0-9_-]{20,100}$/.test(bearer)) return null;
  const token = await ctx.db.system.apiToken.findUnique({
    where: { tokenHash: hashSecret(bearer) },
    select: {
      id: true,
      name: true,
      scopes: true,
      revokedAt: true,
      lastUsedAt: true,
      tenant: { select: { id: true, slug: true, name: true } },
    },
  });
  if (!token || token.revokedAt) return null;
  const now = Date.now();
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await withTenant(ctx.db, token.tenant.id, (tx) =>
      tx.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } }),
    );
  }
  return {
    tokenId: token.id,
    tokenName: token.name,
    tenantId: token.tenant.id,
    tenantSlug: token.tenant.slug,
    tenantName: token.tenant.name,
    scopes: token.scopes.filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s)),
  };
}
