// Server-side sessions. The cookie is a signed JWT that names a session row;
// the row, not the signature, decides whether it still works, so signing
// out, changing the password or an administrator ending a session takes
// effect on the server at once instead of when the cookie expires.
import type { Db } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import type { RequestMeta } from "./context";
import type { SignedInUser } from "./accounts";

/** lastSeenAt is written at most this often: one write per request would be a write per page view. */
const TOUCH_EVERY_MS = 5 * 60_000;

export async function startSession(db: Db, userId: string, meta: RequestMeta, maxAgeSeconds: number): Promise<string> {
  const id = newId("session");
  await db.app.session.create({
    data: {
      id,
      userId,
      expiresAt: new Date(Date.now() + maxAgeSeconds * 1000),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
  });
  return id;
}

/** The person a session belongs to, while it is neither ended nor expired (and belongs to `userId`). */
export async function activeSessionUser(
  db: Db,
  sessionId: string,
  userId: string,
  now = new Date(),
): Promise<SignedInUser | null> {
  const session = await db.app.session.findFirst({
    where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: now } },
    select: { lastSeenAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!session) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.app.session.update({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return session.user;
}

/** Ends one session (sign-out). Idempotent. */
export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.app.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of a person but `keep` (after a password change, the browser that changed it stays in). */
export async function endOtherSessions(db: Db, userId: string, keep: string | null): Promise<number> {
  const { count } = await db.app.session.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}

/** Sessions that ended or expired more than a day ago are of no further use. */
export async function pruneSessions(db: Db, now = new Date()): Promise<number> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const { count } = await db.app.session.deleteMany({
    where: { OR: [{ expiresAt: { lt: dayAgo } }, { revokedAt: { lt: dayAgo } }] },
  });
  return count;
}
