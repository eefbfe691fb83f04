// Sign-in throttling. A lock on the account alone let anyone lock anyone out
// with five wrong passwords; instead failures are counted per account and
// source together, and past a few they buy a growing delay, not a lock:
// - one source guessing one account: 5 free tries, then one try per 30 s,
//   60 s, 120 s… (at most 15 min apart): brute force stays slow;
// - many sources guessing one account (distributed): after 10 failures in
//   the window, sources the account never signed in from wait the same
//   growing delay; a place the owner signed in from before is not slowed,
//   so the owner can still get in while strangers hammer the account;
// - one source guessing many accounts (password spraying): 20 failures in
//   the window block that source for the rest of it.
// Kept in Postgres (sign_in_attempts) so every web instance sees the same
// counts without the web app talking to Redis.
import type { Db } from "@lantern/db/client";

export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  /** Failures of one account from one source before each further try must wait. */
  perAccountAndSource: 5,
  /** Failures of one account from all sources before unknown sources must wait. */
  perAccount: 10,
  /** Failures from one source across all accounts before it is blocked for the window. */
  perSource: 20,
  /** The first wait, doubled with each further failure, and its ceiling. */
  firstDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
  /** A source the account signed in from within this many days is a known place. */
  knownPlaceDays: 30,
};

export type LimitVerdict =
  | { allowed: true }
  | { allowed: false; reason: "account" | "source"; retryAfterSeconds: number };

type Failures = { count: number; last: Date | null; oldest: Date | null };

async function failures(db: Db, where: { email?: string; ip?: string }, since: Date): Promise<Failures> {
  const [row] = await db.app.signInAttempt.groupBy({
    by: ["success"],
    where: { ...where, success: false, createdAt: { gte: since } },
    _count: { _all: true },
    _max: { createdAt: true },
    _min: { createdAt: true },
  });
  return { count: row?._count._all ?? 0, last: row?._max.createdAt ?? null, oldest: row?._min.createdAt ?? null };
}

/** Seconds still to wait after `failed.count` failures over a free allowance of `free`, or 0. */
function delayLeft(failed: Failures, free: number, now: Date): number {
  if (failed.count < free || !failed.last) return 0;
  const delay = Math.min(SIGN_IN_LIMITS.firstDelaySeconds * 2 ** (failed.count - free), SIGN_IN_LIMITS.maxDelaySeconds);
  return Math.max(0, Math.ceil((failed.last.getTime() + delay * 1000 - now.getTime()) / 1000));
}

export async function checkSignInLimits(db: Db, email: string, ip: string, now = new Date()): Promise<LimitVerdict> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const [bySource, byPair, byAccount, knownPlace] = await Promise.all([
    failures(db, { ip }, since),
    failures(db, { email, ip }, since),
    failures(db, { email }, since),
    db.app.signInAttempt.findFirst({
      where: {
        email,
        ip,
        success: true,
        createdAt: { gte: new Date(now.getTime() - SIGN_IN_LIMITS.knownPlaceDays * 86_400_000) },
      },
      select: { id: true },
    }),
  ]);
  if (bySource.count >= SIGN_IN_LIMITS.perSource) {
    const retry = Math.ceil(
      (bySource.oldest!.getTime() + SIGN_IN_LIMITS.windowMinutes * 60_000 - now.getTime()) / 1000,
    );
    return { allowed: false, reason: "source", retryAfterSeconds: Math.max(1, retry) };
  }
  const wait = Math.max(
    delayLeft(byPair, SIGN_IN_LIMITS.perAccountAndSource, now),
    knownPlace ? 0 : delayLeft(byAccount, SIGN_IN_LIMITS.perAccount, now),
  );
  return wait > 0 ? { allowed: false, reason: "account", retryAfterSeconds: wait } : { allowed: true };
}

export async function recordSignInAttempt(db: Db, email: string, ip: string, success: boolean): Promise<void> {
  await db.app.signInAttempt.create({ data: { email, ip, success } });
}

/** Failures older than a day no longer matter to any limit; successes mark known places for longer. */
export async function pruneSignInAttempts(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.app.signInAttempt.deleteMany({
    where: {
      OR: [
        { success: false, createdAt: { lt: new Date(now.getTime() - 86_400_000) } },
        { createdAt: { lt: new Date(now.getTime() - SIGN_IN_LIMITS.knownPlaceDays * 86_400_000) } },
      ],
    },
  });
  return count;
}
