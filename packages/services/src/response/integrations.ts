// The places a workspace sends what happens: signed webhooks (for its own
// automation and ticket systems), Slack and Teams channels, Splunk's HTTP
// Event Collector and any SIEM that reads CEF over syslog. Each kind's form
// is validated here; what is secret (a signing secret, a token, a channel's
// webhook URL) is sealed with LANTERN_SECRET and never shown again, except a
// signing secret Lantern makes itself, shown once so the receiver can check
// signatures.
import { randomBytes } from "node:crypto";
import { type Prisma, withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { hashSecret, openSealedSecret, sealSecret } from "../crypto";
import { AppError, notFound } from "../errors";
import type { PushState } from "./edge-push";
import { appLink } from "../app-link";

export const INTEGRATION_KINDS = [
  "webhook",
  "ticket_webhook",
  "slack",
  "teams",
  "splunk_hec",
  "syslog_cef",
  "aws_waf",
  "cloudflare_list",
  "jira",
] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

export const INTEGRATION_LABELS: Record<IntegrationKind, string> = {
  webhook: "Webhook (Standard Webhooks, signed)",
  ticket_webhook: "Ticket webhook (signed, one ticket per alert)",
  slack: "Slack incoming webhook",
  teams: "Microsoft Teams incoming webhook",
  splunk_hec: "Splunk HTTP Event Collector",
  syslog_cef: "Syslog (CEF over TCP or TLS)",
  aws_waf: "AWS WAF IP set (pushed)",
  cloudflare_list: "Cloudflare IP List (pushed)",
  jira: "Jira Cloud (an issue per alert or finding)",
};

const ZHttpUrl = z
  .url({ protocol: /^https?$/, error: "Give an http:// or https:// URL." })
  .max(2_000)
  // Refinements run on input the URL check refused too: only a URL that parses is looked into.
  .refine((u) => !URL.canParse(u) || !new URL(u).username, "Put credentials in the secret field, not the URL.")
  .refine((u) => !URL.canParse(u) || !new URL(u).password, "Put credentials in the secret field, not the URL.");
const ZName = z.string().trim().min(2, "Name it (two characters or more).").max(80);
/** Which of the workspace's lists an edge list mirrors. */
const ZEdgeList = z.enum(["BLOCK", "RATE_LIMIT"]).default("BLOCK");
/** An API endpoint other than the public one (a VPC endpoint, a proxy); empty for the service's own. */
const ZEndpoint = ZHttpUrl.optional();

export const ZCreateIntegration = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("webhook"), name: ZName, url: ZHttpUrl }),
  z.object({ kind: z.literal("ticket_webhook"), name: ZName, url: ZHttpUrl }),
  // A channel's incoming-webhook URL is itself the credential.
  z.object({ kind: z.literal("slack"), name: ZName, url: ZHttpUrl }),
  z.object({ kind: z.literal("teams"), name: ZName, url: ZHttpUrl }),
  z.object({
    kind: z.literal("splunk_hec"),
    name: ZName,
    url: ZHttpUrl,
    token: z.string().trim().min(8, "Paste the HEC token.").max(200),
    index: z
      .string()
      .trim()
      .regex(/^[a-z0-9_-]{1,80}$/i, "An index name is letters, digits, _ and -.")
      .optional(),
  }),
  z.object({
    kind: z.literal("syslog_cef"),
    name: ZName,
    host: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .regex(/^[a-z0-9.:[\]-]+$/i, "A host name or an address."),
    port: z.number().int().min(1).max(65_535),
    tls: z.boolean().default(false),
    /** A PEM CA certificate for a receiver whose certificate no public CA signed. */
    ca: z.string().trim().max(20_000).optional(),
  }),
  z.object({
    kind: z.literal("aws_waf"),
    name: ZName,
    region: z
      .string()
      .trim()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "An AWS region, such as eu-west-1."),
    scope: z.enum(["REGIONAL", "CLOUDFRONT"]).default("REGIONAL"),
    ipSetName: z
      .string()
      .trim()
      .regex(/^[\w-]{1,128}$/, "The IP set's name: letters, digits, _ and -."),
    ipSetId: z
      .string()
      .trim()
      .regex(/^[0-9a-f-]{36}$/i, "The IP set's id, as the WAF console shows it (a UUID)."),
    accessKeyId: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{16,128}$/, "An access key id, such as AKIA…"),
    secretAccessKey: z.string().trim().min(16, "Paste the secret access key.").max(128),
    list: ZEdgeList,
    endpoint: ZEndpoint,
  }),
  z.object({
    kind: z.literal("jira"),
    name: ZName,
    siteUrl: ZHttpUrl,
    email: z.email("The email of the Jira account the API token belongs to.").max(200),
    apiToken: z.string().trim().min(16, "Paste an Atlassian API token.").max(400),
    projectKey: z
      .string()
      .trim()
      .regex(/^[A-Z][A-Z0-9_]{1,9}$/, "A project key, such as SEC."),
    issueType: z.string().trim().min(1).max(60).default("Task"),
  }),
  z.object({
    kind: z.literal("cloudflare_list"),
    name: ZName,
    accountId: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{32}$/i, "The account id: 32 hexadecimal characters."),
    listId: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{32}$/i, "The list id: 32 hexadecimal characters."),
    token: z.string().trim().min(20, "Paste an API token that may edit account filter lists.").max(200),
    list: ZEdgeList,
    endpoint: ZEndpoint,
  }),
]);
export type CreateIntegration = z.input<typeof ZCreateIntegration>;

export const ZIntegrationRef = z.object({ integrationId: z.string().min(1).max(64) });
export const ZSetIntegrationEnabled = ZIntegrationRef.extend({ enabled: z.boolean() });

type Who = { actor: Actor };

/** What is kept in clear (config) and what is sealed (secret), per kind. */
function split(q: z.output<typeof ZCreateIntegration>): {
  config: Record<string, unknown>;
  secret: string | null;
  generated: boolean;
} {
  switch (q.kind) {
    case "webhook":
    case "ticket_webhook":
      // Standard Webhooks: a whsec_ secret of 24 random bytes, made by the sender.
      return { config: { url: q.url }, secret: `whsec_${randomBytes(24).toString("base64")}`, generated: true };
    case "slack":
    case "teams":
      return { config: { host: new URL(q.url).host }, secret: q.url, generated: false };
    case "splunk_hec":
      return { config: { url: q.url, index: q.index ?? null }, secret: q.token, generated: false };
    case "syslog_cef":
      return { config: { host: q.host, port: q.port, tls: q.tls, ca: q.ca ?? null }, secret: null, generated: false };
    case "aws_waf": {
      const { kind: _k, name: _n, secretAccessKey, endpoint, ...rest } = q;
      return { config: { ...rest, endpoint: endpoint ?? null }, secret: secretAccessKey, generated: false };
    }
    case "jira": {
      const { kind: _k, name: _n, apiToken, ...rest } = q;
      return { config: rest, secret: apiToken, generated: false };
    }
    case "cloudflare_list": {
      const { kind: _k, name: _n, token, endpoint, ...rest } = q;
      return { config: { ...rest, endpoint: endpoint ?? null }, secret: token, generated: false };
    }
  }
}

export async function createIntegration(ctx: ServiceContext, tenantId: string, input: CreateIntegration, who: Who) {
  const q = ZCreateIntegration.parse(input);
  const { config, secret, generated } = split(q);
  // Jira calls back when an issue is done: to a URL with a token of its own, kept as a hash.
  const inboundToken = q.kind === "jira" ? randomBytes(24).toString("base64url") : null;
  if (inboundToken) config.inboundTokenHash = hashSecret(inboundToken);
  return withTenant(ctx.db, tenantId, async (tx) => {
    if (await tx.integration.findFirst({ where: { tenantId, name: q.name }, select: { id: true } }))
      throw new AppError("CONFLICT", `An integration named "${q.name}" exists already.`);
    const row = await tx.integration.create({
      data: {
        id: newId("integration"),
        tenantId,
        kind: q.kind,
        name: q.name,
        config: config as Prisma.InputJsonValue,
        sealedSecret: secret ? sealSecret(secret, ctx.config.secret, "connector-secrets") : null,
        secretHint: secret ? `…${secret.slice(-4)}` : null,
        createdBy: who.actor.label,
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "integration.added",
      target: { type: "integration", id: row.id },
      metadata: { kind: q.kind, name: q.name },
    });
    // Only a secret Lantern made is shown, and only now: the receiver needs it to check signatures.
    const webhookUrl = inboundToken
      ? appLink(ctx.config.appUrl, `/api/hooks/jira/${row.id}/webhook?token=${inboundToken}`)
      : null;
    return { integration: integrationView(row), signingSecret: generated ? secret : null, webhookUrl };
  });
}

export async function listIntegrations(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const rows = await tx.integration.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });
    return rows.map(integrationView);
  });
}

export async function setIntegrationEnabled(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZSetIntegrationEnabled>,
  who: Who,
) {
  const q = ZSetIntegrationEnabled.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await tx.integration.findFirst({ where: { id: q.integrationId, tenantId } });
    if (!row) throw notFound("Integration");
    const updated = await tx.integration.update({ where: { id: row.id }, data: { enabled: q.enabled } });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: q.enabled ? "integration.enabled" : "integration.disabled",
      target: { type: "integration", id: row.id },
      metadata: { name: row.name },
    });
    return integrationView(updated);
  });
}

/** Removes an integration and its delivery log; policies that named it stop sending there. */
export async function removeIntegration(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZIntegrationRef>,
  who: Who,
) {
  const q = ZIntegrationRef.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await tx.integration.findFirst({ where: { id: q.integrationId, tenantId } });
    if (!row) throw notFound("Integration");
    await tx.integration.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "integration.removed",
      target: { type: "integration", id: row.id },
      metadata: { name: row.name, kind: row.kind },
    });
    return { removed: row.id };
  });
}

export type IntegrationRow = Awaited<ReturnType<Prisma.TransactionClient["integration"]["findFirstOrThrow"]>>;

/** The integration's secret in clear, for the sender only. */
export function openIntegrationSecret(row: IntegrationRow, serverSecret: string): string | null {
  return row.sealedSecret ? openSealedSecret(row.sealedSecret, serverSecret, "connector-secrets") : null;
}

/** What people see: never the secret, only its last characters; where it sends, without the secret part. */
export function integrationView(row: IntegrationRow) {
  const config = row.config as Record<string, unknown>;
  const destination =
    row.kind === "syslog_cef"
      ? `${config.tls ? "tls" : "tcp"}://${config.host}:${config.port}`
      : row.kind === "slack" || row.kind === "teams"
        ? `${config.host} (URL kept secret)`
        : row.kind === "aws_waf"
          ? `IP set ${config.ipSetName} (${config.scope}, ${config.region})${config.endpoint ? ` via ${config.endpoint}` : ""}`
          : row.kind === "jira"
            ? `project ${config.projectKey} on ${config.siteUrl}`
            : row.kind === "cloudflare_list"
              ? `list ${config.listId} of account ${config.accountId}${config.endpoint ? ` via ${config.endpoint}` : ""}`
              : String(config.url);
  return {
    id: row.id,
    kind: row.kind as IntegrationKind,
    kindLabel: INTEGRATION_LABELS[row.kind as IntegrationKind] ?? row.kind,
    name: row.name,
    destination,
    secretHint: row.secretHint,
    enabled: row.enabled,
    lastSuccessAt: row.lastSuccessAt,
    lastErrorAt: row.lastErrorAt,
    lastError: row.lastError,
    /** Edge lists: which list they mirror and their last push (capacity, what was left out). */
    mirrors: (config.list as string | undefined) ?? null,
    pushState: (row.pushState as PushState | null) ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}
