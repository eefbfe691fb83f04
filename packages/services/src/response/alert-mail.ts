// Alerts by mail, as each member of a workspace chooses: nothing, each new
// alert shortly after its upload is judged, or a daily digest; from which
// severity up and for which services. A member's cursor (mailedUpTo) moves
// past what was mailed, so an alert is mailed once; switching mail on starts
// from that moment rather than mailing the backlog.
import { type Db, type Prisma, Prisma as Sql, withTenant } from "@lantern/db/client";
import type { Transporter } from "nodemailer";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { SEVERITIES, type SEVERITY_RANK, severitiesFrom } from "../severity";
import { appLink } from "../app-link";

export const ZNotificationPrefs = z.object({
  email: z.enum(["off", "immediate", "daily"]),
  minSeverity: z.enum(SEVERITIES).default("HIGH"),
  hosts: z.array(z.string().trim().min(1).max(253)).max(50).default([]),
});

export async function getNotificationPrefs(ctx: ServiceContext, tenantId: string, userId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await tx.notificationPreference.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
    return {
      email: (row?.email ?? "off") as z.output<typeof ZNotificationPrefs>["email"],
      minSeverity: row?.minSeverity ?? "HIGH",
      hosts: row?.hosts ?? [],
      mailEnabled: ctx.config.mailEnabled,
    };
  });
}

export async function setNotificationPrefs(
  ctx: ServiceContext,
  tenantId: string,
  userId: string,
  input: z.input<typeof ZNotificationPrefs>,
) {
  const q = ZNotificationPrefs.parse(input);
  await withTenant(ctx.db, tenantId, async (tx) => {
    const before = await tx.notificationPreference.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
    // Switching mail on starts now: the backlog is on the Alerts page, not in a mail of hundreds.
    const starting = (before?.email ?? "off") === "off" && q.email !== "off";
    await tx.notificationPreference.upsert({
      where: { tenantId_userId: { tenantId, userId } },
      create: { tenantId, userId, ...q },
      update: { ...q, ...(starting ? { mailedUpTo: new Date() } : {}) },
    });
  });
  return getNotificationPrefs(ctx, tenantId, userId);
}

export type MailDeps = { db: Db; mailer: Pick<Transporter, "sendMail"> | null; mailFrom: string; appUrl: string };
type Cadence = "immediate" | "daily";
/** Alerts listed in one mail; the rest are counted, with a link to the queue. */
const MAX_LISTED = 25;

type MailedAlert = { id: string; title: string; severity: keyof typeof SEVERITY_RANK; detector: string; at: Date };

/** Mails each member who chose `cadence` the alerts raised or reopened since their cursor. */
export async function mailAlerts(deps: MailDeps, tenantId: string, cadence: Cadence) {
  if (!deps.mailer) return { mails: 0, alerts: 0 };
  const readAt = new Date();
  const members = await withTenant(deps.db, tenantId, (tx) =>
    tx.notificationPreference.findMany({
      where: { tenantId, email: cadence },
      include: {
        user: { select: { email: true, memberships: { where: { tenantId }, select: { id: true } } } },
        tenant: true,
      },
    }),
  );
  let mails = 0;
  let listed = 0;
  for (const m of members) {
    // A member who left keeps no mail.
    if (m.user.memberships.length === 0) continue;
    const alerts = await withTenant(deps.db, tenantId, (tx) => alertsSince(tx, tenantId, m, readAt));
    if (alerts.length > 0) {
      await deps.mailer.sendMail({
        from: deps.mailFrom,
        to: m.user.email,
        ...compose(alerts, m.tenant, cadence, deps.appUrl),
      });
      mails++;
      listed += alerts.length;
    }
    await withTenant(deps.db, tenantId, (tx) =>
      tx.notificationPreference.update({
        where: { tenantId_userId: { tenantId, userId: m.userId } },
        data: { mailedUpTo: readAt },
      }),
    );
  }
  return { mails, alerts: listed };
}

async function alertsSince(
  tx: Prisma.TransactionClient,
  tenantId: string,
  m: { mailedUpTo: Date; minSeverity: keyof typeof SEVERITY_RANK; hosts: string[] },
  readAt: Date,
): Promise<MailedAlert[]> {
  const severities = severitiesFrom(m.minSeverity);
  return tx.$queryRaw<MailedAlert[]>(Sql.sql`
    SELECT a.id, a.title, a.severity::text AS severity, a.detector, max(x.at) AS at
    FROM alerts a
    JOIN alert_activity x ON x."alertId" = a.id AND x."tenantId" = a."tenantId"
    LEFT JOIN api_endpoints e ON e.id = a."endpointId"
    LEFT JOIN api_services s ON s.id = e."serviceId"
    WHERE a."tenantId" = ${tenantId} AND x.kind IN ('raised', 'reopened')
      AND x.at > ${m.mailedUpTo} AND x.at <= ${readAt}
      AND a.severity::text = ANY(${severities}::text[])
      AND (cardinality(${m.hosts}::text[]) = 0 OR s.host = ANY(${m.hosts}::text[]))
    GROUP BY a.id
    ORDER BY array_position(ARRAY['CRITICAL','HIGH','MEDIUM','LOW'], a.severity::text), max(x.at) DESC
    LIMIT ${MAX_LISTED + 1}`);
}

function compose(alerts: MailedAlert[], tenant: { name: string; slug: string }, cadence: Cadence, appUrl: string) {
  const base = appLink(appUrl, `/w/${tenant.slug}`);
  const shown = alerts.slice(0, MAX_LISTED);
  const more = alerts.length > MAX_LISTED ? "more than " : "";
  const worst = shown[0]!.severity.toLowerCase();
  const noun = alerts.length === 1 ? "alert" : "alerts";
  const subject =
    cadence === "daily"
      ? `[Lantern] ${tenant.name}: ${more}${shown.length} ${noun} in the last day (worst: ${worst})`
      : `[Lantern] ${tenant.name}: ${more}${shown.length} new ${noun} (worst: ${worst})`;
  const lines = shown.map((a) => `- [${a.severity}] ${a.title}\n  ${base}/alerts/${a.id}`);
  const text = [
    cadence === "daily"
      ? `Alerts raised or reopened in ${tenant.name} in the last day:`
      : `New alerts in ${tenant.name}:`,
    "",
    ...lines,
    "",
    more ? `And more: ${base}/alerts` : `The alert queue: ${base}/alerts`,
    "",
    `You get this because of your notification settings in ${tenant.name}: ${base}/settings/account`,
  ].join("\n");
  return { subject, text };
}

/** Workspaces with a member who chose the daily digest (a system read: the tick spans workspaces). */
export async function tenantsWithDigests(db: Db): Promise<string[]> {
  const rows = await db.system.notificationPreference.findMany({
    where: { email: "daily" },
    distinct: ["tenantId"],
    select: { tenantId: true },
  });
  return rows.map((r) => r.tenantId);
}
