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
  /** Its hours, for the chart: calls, refusals (401/403) and errors (4xx/5xx). */
  hourly: { at: string; calls: number; failures: number; errors: number }[];
  alerts: { id: string; title: string; severity: string; from: string; to: string }[];
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
        .map((a) => ({
          id: a.id,
          title: a.title,
          severity: a.severity,
          from: a.firstSeen.toISOString(),
          to: a.lastSeen.toISOString(),
        })),
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
  const runs: Hour[][] = [];
  for (const h of hours) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && h.hour.getTime() === last.hour.getTime() + HOUR) run.push(h);
    else runs.push([h]);
  }
  return runs.map((run) => {
    const sum = (k: "calls" | "failures" | "errors") => run.reduce((n, h) => n + h[k], 0);
    return {
      from: run[0]!.hour.toISOString(),
      to: new Date(run.at(-1)!.hour.getTime() + HOUR).toISOString(),
      hours: run.length,
      calls: sum("calls"),
      failures: sum("failures"),
      errors: sum("errors"),
      hourly: run.map((h) => ({ at: h.hour.toISOString(), calls: h.calls, failures: h.failures, errors: h.errors })),
    };
  });
}
