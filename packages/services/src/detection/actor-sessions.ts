// An actor's timeline over everything kept: its sessions (runs of active
// hours, from the hours detection counted it in), each with its calls and
// failures and the alerts raised during it. The details of one session
// (endpoints, statuses, addresses, countries, user agents) are a hunt over
// its span, asked for when someone opens it.
import { withTenant } from "@lantern/db/client";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";

const HOUR = 3_600_000;
/** Sessions shown, newest first. */
const SHOWN = 200;

export type Session = {
  from: string;
  to: string;
  hours: number;
  calls: number;
  failures: number;
  errors: number;
  alerts: { id: string; title: string; severity: string }[];
};

export async function actorSessions(ctx: ServiceContext, tenantId: string, actorId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const actor = await tx.actor.findFirst({ where: { id: actorId, tenantId }, select: { id: true } });
    if (!actor) throw notFound("Actor");
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { eventRetentionDays: true } });
    const hours = await tx.actorHourly.findMany({
      where: { tenantId, actorId },
      orderBy: { hour: "asc" },
      select: { hour: true, calls: true, failures: true, errors: true },
    });
    const alerts = await tx.alert.findMany({
      where: { tenantId, actorId },
      select: { id: true, title: true, severity: true, firstSeen: true, lastSeen: true },
    });
    const sessions = runsOf(hours).map((s) => ({
      ...s,
      // An alert belongs to the sessions its activity overlaps.
      alerts: alerts
        .filter((a) => a.firstSeen.getTime() < Date.parse(s.to) && a.lastSeen.getTime() >= Date.parse(s.from))
        .map((a) => ({ id: a.id, title: a.title, severity: a.severity })),
    }));
    return {
      sessions: sessions.reverse().slice(0, SHOWN),
      total: sessions.length,
      retentionDays: tenant.eventRetentionDays,
    };
  });
}

type Hour = { hour: Date; calls: number; failures: number; errors: number };

/** Consecutive active hours as one session (an idle hour between two ends it). */
export function runsOf(hours: Hour[]): Omit<Session, "alerts">[] {
  const out: Omit<Session, "alerts">[] = [];
  let run: { from: number; to: number; hours: number; calls: number; failures: number; errors: number } | null = null;
  for (const h of hours) {
    const at = h.hour.getTime();
    if (run && at === run.to) {
      run.to = at + HOUR;
      run.hours++;
      run.calls += h.calls;
      run.failures += h.failures;
      run.errors += h.errors;
      continue;
    }
    if (run) out.push(session(run));
    run = { from: at, to: at + HOUR, hours: 1, calls: h.calls, failures: h.failures, errors: h.errors };
  }
  if (run) out.push(session(run));
  return out;
}

const session = (r: { from: number; to: number; hours: number; calls: number; failures: number; errors: number }) => ({
  ...r,
  from: new Date(r.from).toISOString(),
  to: new Date(r.to).toISOString(),
});
