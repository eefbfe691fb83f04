// Jira Cloud: an issue per alert or posture finding (REST v3, Basic auth
// with an account's email and API token, the description in Atlassian
// Document Format), and the way back: Jira's webhook tells Lantern when the
// issue is done, and the alert is resolved with a line in its history. A
// finding is not resolved by a ticket: Lantern resolves it when its check
// stops holding on new traffic, so "done" in Jira is a line in its history.
// The webhook URL carries a token of its own, made by Lantern, shown once
// and kept as a hash.
import { timingSafeEqual } from "node:crypto";
import { type Db, type Prisma, withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { headline, type Notice, subjectOf } from "@lantern/engine/response/notices";
import { z } from "zod";
import { hashSecret } from "../crypto";
import { answerError, call, type OutboundPolicy } from "./outbound";

export type JiraConfig = {
  siteUrl: string;
  email: string;
  projectKey: string;
  issueType: string;
  inboundTokenHash: string;
};
export type Ticket = { key: string; url: string };

const basic = (c: JiraConfig, token: string) => `Basic ${Buffer.from(`${c.email}:${token}`).toString("base64")}`;

/** The alert or finding as an Atlassian Document: what it is, its facts, the fix, the link back. */
export function jiraDescription(n: Notice) {
  const s = subjectOf(n)!;
  const paragraph = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
  const facts = [...subjectFacts(n), ...(n.policy ? [`Opened by the policy "${n.policy}"`] : [])];
  return {
    type: "doc",
    version: 1,
    content: [
      paragraph(s.text),
      ...(n.finding ? [paragraph(`How to fix: ${n.finding.fix}`)] : []),
      { type: "bulletList", content: facts.map((f) => ({ type: "listItem", content: [paragraph(f)] })) },
      {
        type: "paragraph",
        content: [
          { type: "text", text: `Open the ${s.noun} in Lantern`, marks: [{ type: "link", attrs: { href: s.url } }] },
        ],
      },
    ],
  };
}

function subjectFacts(n: Notice): string[] {
  if (n.finding) {
    const f = n.finding;
    return [
      `Check: ${f.owasp} ${f.check}; severity: ${f.severity.toLowerCase()}; confidence: ${f.confidence}`,
      `Endpoint: ${f.endpoint}`,
      `Seen ${f.firstSeen} to ${f.lastSeen} in ${f.evidence} calls`,
    ];
  }
  const a = n.alert!;
  return [
    `Detector: ${a.detector}; verdict: ${a.verdict.toLowerCase()}; severity: ${a.severity.toLowerCase()}`,
    ...(a.endpoint ? [`Endpoint: ${a.endpoint}`] : []),
    ...(a.actor ? [`Actor: ${a.actor}`] : []),
    `Seen ${a.firstSeen} to ${a.lastSeen}${a.addressCount ? ` from ${a.addressCount} addresses` : ""}`,
  ];
}

/** POST /rest/api/3/issue: the new issue's key and browse URL. */
export async function openJiraIssue(c: JiraConfig, token: string, n: Notice, policy: OutboundPolicy) {
  const label = n.alert ? n.alert.detector : n.finding!.check;
  const body = {
    fields: {
      project: { key: c.projectKey },
      issuetype: { name: c.issueType },
      summary: headline(n)
        .replace(/[\r\n]+/g, " ")
        .slice(0, 250),
      description: jiraDescription(n),
      labels: ["lantern", label.replace(/[^\w-]/g, "-")],
    },
  };
  const site = c.siteUrl.replace(/\/$/, "");
  const answer = await call(
    "POST",
    `${site}/rest/api/3/issue`,
    JSON.stringify(body),
    { authorization: basic(c, token), accept: "application/json" },
    policy,
  );
  if (answer.status !== 201) throw answerError(answer, "Jira");
  const { key } = JSON.parse(answer.body) as { key: string };
  return { status: answer.status, ms: answer.ms, ticket: { key, url: `${site}/browse/${key}` } };
}

/** "Send a test": the project is readable with these credentials (no test issue is filed). */
export async function checkJira(c: JiraConfig, token: string, policy: OutboundPolicy) {
  const site = c.siteUrl.replace(/\/$/, "");
  const answer = await call(
    "GET",
    `${site}/rest/api/3/project/${encodeURIComponent(c.projectKey)}`,
    null,
    { authorization: basic(c, token), accept: "application/json" },
    policy,
  );
  if (answer.status !== 200) throw answerError(answer, "Jira");
  return { status: answer.status, ms: answer.ms };
}

/** The part of Jira's issue webhook Lantern reads. */
export const ZJiraWebhook = z.object({
  webhookEvent: z.string().max(100),
  issue: z.object({
    // Jira's own key shape ("SEC-42"): anything else (a NUL Postgres would refuse) is not an issue of ours.
    key: z.string().regex(/^[A-Z][A-Z0-9_]{0,9}-\d{1,10}$/),
    fields: z
      .object({
        status: z
          .object({
            name: z
              .string()
              .max(100)
              .regex(/^[^\0]*$/),
            statusCategory: z.object({ key: z.string().max(30) }).optional(),
          })
          .optional(),
      })
      .optional(),
  }),
});

export type JiraWebhookOutcome = "unauthorized" | "unknown" | "ignored" | "recorded" | "resolved";

/**
 * Applies Jira's webhook for one integration: the token must be the one
 * Lantern made; the issue must be one Lantern opened. Its new status is a
 * line in the alert's or finding's history; a status in the "done"
 * category resolves an alert.
 */
export async function applyJiraWebhook(
  db: Db,
  integrationId: string,
  token: string,
  payload: unknown,
): Promise<JiraWebhookOutcome> {
  // A NUL would make Postgres refuse the lookup (a 500): no integration has one.
  if (integrationId.includes("\0") || token.includes("\0")) return "unauthorized";
  // The integration names the workspace; nothing else from the caller is trusted before the token matches.
  const row = await db.system.integration.findFirst({ where: { id: integrationId, kind: "jira" } });
  const expected = row ? Buffer.from((row.config as JiraConfig).inboundTokenHash, "hex") : Buffer.alloc(32);
  const given = Buffer.from(hashSecret(token), "hex");
  if (!row || !timingSafeEqual(expected, given)) return "unauthorized";
  const parsed = ZJiraWebhook.safeParse(payload);
  if (!parsed.success || !parsed.data.issue.fields?.status) return "ignored";
  const { key, fields } = parsed.data.issue;
  const status = fields!.status!;
  const done = status.statusCategory?.key === "done";
  return withTenant(db, row.tenantId, async (tx) => {
    const link = await tx.ticketLink.findFirst({ where: { tenantId: row.tenantId, integrationId, key } });
    if (!link) return "unknown";
    // Jira sends every change of the issue (comments, edits): only a new status is news here.
    if (link.status === status.name) return "recorded";
    await tx.ticketLink.update({ where: { id: link.id }, data: { status: status.name } });
    const line = { key, url: link.url, status: status.name, done };
    if (link.findingId) {
      await tx.findingActivity.create({
        data: {
          id: newId("findingActivity"),
          tenantId: row.tenantId,
          findingId: link.findingId,
          kind: "ticket",
          detail: line,
        },
      });
      return "recorded";
    }
    const alertId = link.alertId!;
    if (done && (await resolveFromTicket(tx, row.tenantId, alertId, `${key} is ${status.name} in Jira`)))
      return "resolved";
    await tx.alertActivity.create({
      data: { id: newId("alertActivity"), tenantId: row.tenantId, alertId, kind: "ticket", detail: line },
    });
    return "recorded";
  });
}

async function resolveFromTicket(tx: Prisma.TransactionClient, tenantId: string, alertId: string, why: string) {
  const alert = await tx.alert.findFirst({ where: { id: alertId, tenantId }, select: { status: true } });
  if (!alert || alert.status === "RESOLVED" || alert.status === "FALSE_POSITIVE") return false;
  await tx.alert.update({ where: { id: alertId }, data: { status: "RESOLVED" } });
  await tx.alertActivity.create({
    data: {
      id: newId("alertActivity"),
      tenantId,
      alertId,
      kind: "status",
      detail: { from: alert.status, to: "RESOLVED", reason: why },
    },
  });
  return true;
}

/** What a ticket is about: one alert or one finding. */
export type TicketSubject = { alertId: string } | { findingId: string };

/** The notice's subject, as ticket links name it; null for a test or a block notice. */
export function ticketSubject(n: Notice): TicketSubject | null {
  if (n.alert) return { alertId: n.alert.id };
  if (n.finding) return { findingId: n.finding.id };
  return null;
}

/** Records the ticket opened for an alert or finding (once per subject and integration). */
export async function linkTicket(
  tx: Prisma.TransactionClient,
  tenantId: string,
  integrationId: string,
  subject: TicketSubject,
  t: Ticket,
) {
  await tx.ticketLink.createMany({
    data: [{ id: newId("ticketLink"), tenantId, integrationId, ...subject, key: t.key, url: t.url }],
    skipDuplicates: true,
  });
}
