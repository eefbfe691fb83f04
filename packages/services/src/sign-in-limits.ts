// Sign-in throttling, per account and per source IP, over a sliding window.
// Kept in Postgres (sign_in_attempts) so every web instance sees the same
// counts without the web app talking to Redis.
import type { Db } from "@lantern/db/client";

export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  /** Failed attempts on one account within the window before it is locked for the rest of it. */
  perAccount: 5,
  /** Failed attempts from one IP within the window, across all accounts. */
  perIp: 20,
};

export type LimitVerdict = { allowed: true } | { allowed: false; reason: "account" | "ip"; retryAfterSeconds: number };

export async function checkSignInLimits(db: Db, email: string, ip: string, now = new Date()): Promise<LimitVerdict> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const [byAccount, byIp] = await Promise.all([
    db.app.signInAttempt.findMany({
      where: { email, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
      take: SIGN_IN_LIMITS.perAccount,
    }),
    db.app.signInAttempt.findMany({
      where: { ip, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
      take: SIGN_IN_LIMITS.perIp,
    }),
  ]);
  const retryAfter = (oldest: Date) =>
    Math.max(1, Math.ceil((oldest.getTime() + SIGN_IN_LIMITS.windowMinutes * 60_000 - now.getTime()) / 1000));
  if (byIp.length >= SIGN_IN_LIMITS.perIp) return { allowed: false, reason: "ip", retryAfterSeconds: retryAfter(byIp[0]!.createdAt) };
  if (byAccount.length >= SIGN_IN_LIMITS.perAccount)
    return { allowed: false, reason: "account", retryAfterSeconds: retryAfter(byAccount[0]!.createdAt) };
  return { allowed: true };
}

export async function recordSignInAttempt(db: Db, email: string, ip: string, success: boolean): Promise<void> {
  await db.app.signInAttempt.create({ data: { email, ip, success } });
}

/** Attempts older than a day no longer matter to any limit. */
export async function pruneSignInAttempts(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.app.signInAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  return count;
}
