"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { PushState } from "@lantern/services/response/edge-push";
import type { CreateIntegration, IntegrationKind } from "@lantern/services/response/integrations";
import { DeliveriesCard } from "@/components/response/deliveries-card";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { SecretOnce } from "@/components/ui/secret-once";
import { Table } from "@/components/ui/table";
import { errorDetails, errorText, useTRPC } from "@/lib/trpc";

const KINDS: { value: IntegrationKind; label: string; hint: string }[] = [
  { value: "webhook", label: "Webhook", hint: "JSON signed per Standard Webhooks, for your automation or SOAR." },
  {
    value: "ticket_webhook",
    label: "Ticket webhook",
    hint: "A signed JSON with ticket fields (summary, priority, labels).",
  },
  { value: "slack", label: "Slack", hint: "An incoming-webhook URL of the channel (Slack app → Incoming Webhooks)." },
  {
    value: "teams",
    label: "Microsoft Teams",
    hint: "A Workflows incoming-webhook URL of the channel; sent as an Adaptive Card.",
  },
  {
    value: "splunk_hec",
    label: "Splunk HEC",
    hint: "Events go to /services/collector/event as OCSF Detection Findings.",
  },
  { value: "syslog_cef", label: "Syslog (CEF)", hint: "CEF records in RFC 5424 syslog over TCP or TLS, for any SIEM." },
  {
    value: "jira",
    label: "Jira Cloud",
    hint: "An issue per alert in your project; when the issue is done in Jira, its alert is resolved here (register the webhook URL Lantern shows).",
  },
  {
    value: "aws_waf",
    label: "AWS WAF IP set",
    hint: "Lantern keeps the IP set equal to the block list (IPv4 or IPv6, as the set is): create the set, reference it from a block rule, give a key allowed wafv2:GetIPSet and wafv2:UpdateIPSet.",
  },
  {
    value: "cloudflare_list",
    label: "Cloudflare IP List",
    hint: "Lantern keeps the list equal to the block list: create an IP list, use it in a WAF custom rule, give a token allowed to edit account filter lists. IPv6 addresses go as their /64.",
  },
];

const EDGE_KINDS: IntegrationKind[] = ["aws_waf", "cloudflare_list"];

export default function IntegrationsPage() {
  const ws = useWorkspace();
  return (
    <>
      {ws.can("integrations.manage") && <AddIntegrationCard />}
      <IntegrationsCard />
      <DeliveriesCard />
    </>
  );
}

type Form = {
  kind: IntegrationKind;
  name: string;
  url: string;
  token: string;
  index: string;
  host: string;
  port: string;
  tls: boolean;
  ca: string;
  region: string;
  scope: "REGIONAL" | "CLOUDFRONT";
  ipSetName: string;
  ipSetId: string;
  accessKeyId: string;
  accountId: string;
  listId: string;
  list: "BLOCK" | "RATE_LIMIT";
  email: string;
  projectKey: string;
  issueType: string;
};
/** The form's free-text fields. */
type TextKey = { [K in keyof Form]: Form[K] extends string ? (string extends Form[K] ? K : never) : never }[keyof Form];
const EMPTY: Form = {
  kind: "webhook",
  name: "",
  url: "",
  token: "",
  index: "",
  host: "",
  port: "6514",
  tls: true,
  ca: "",
  region: "",
  scope: "REGIONAL",
  ipSetName: "",
  ipSetId: "",
  accessKeyId: "",
  accountId: "",
  listId: "",
  list: "BLOCK",
  email: "",
  projectKey: "",
  issueType: "Task",
};

/** The form's fields as the integration's input, per kind. */
function inputOf(f: Form): CreateIntegration {
  switch (f.kind) {
    case "splunk_hec":
      return { kind: f.kind, name: f.name, url: f.url, token: f.token, index: f.index.trim() || undefined };
    case "syslog_cef":
      return {
        kind: f.kind,
        name: f.name,
        host: f.host,
        port: Number(f.port),
        tls: f.tls,
        ca: f.ca.trim() || undefined,
      };
    case "aws_waf":
      return {
        kind: f.kind,
        name: f.name,
        region: f.region,
        scope: f.scope,
        ipSetName: f.ipSetName,
        ipSetId: f.ipSetId,
        accessKeyId: f.accessKeyId,
        secretAccessKey: f.token,
        list: f.list,
      };
    case "cloudflare_list":
      return { kind: f.kind, name: f.name, accountId: f.accountId, listId: f.listId, token: f.token, list: f.list };
    case "jira":
      return {
        kind: f.kind,
        name: f.name,
        siteUrl: f.url,
        email: f.email,
        apiToken: f.token,
        projectKey: f.projectKey,
        issueType: f.issueType,
      };
    default:
      return { kind: f.kind, name: f.name, url: f.url };
  }
}

function AddIntegrationCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(EMPTY);
  const [secret, setSecret] = useState<{ name: string; value: string; kind: "signing" | "jira" } | null>(null);
  const create = useMutation(
    trpc.integrations.create.mutationOptions({
      onSuccess: (made) => {
        if (made.signingSecret) setSecret({ name: made.integration.name, value: made.signingSecret, kind: "signing" });
        if (made.webhookUrl) setSecret({ name: made.integration.name, value: made.webhookUrl, kind: "jira" });
        setForm({ ...EMPTY, kind: form.kind });
        void queryClient.invalidateQueries({ queryKey: trpc.integrations.list.queryKey() });
      },
    }),
  );
  const { message, fields } = errorDetails(create.error);
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  /** A text field's value, change handler and error, bound to the form (the error named as the server names it). */
  const bind = (key: TextKey, error: string = key) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value }),
    error: fields[error],
  });
  const kind = KINDS.find((k) => k.value === form.kind)!;
  return (
    <Card title="Connect an integration">
      <p className="muted">
        Policies send alerts and blocks here. Secrets (tokens, channel URLs) are encrypted and never shown again.
      </p>
      {secret && (
        <SecretOnce
          label={
            secret.kind === "jira"
              ? `Webhook URL for “${secret.name}”: register it in Jira (Settings → System → WebHooks) for issue updates.`
              : `Signing secret of “${secret.name}”.`
          }
          value={secret.value}
          kept={
            secret.kind === "jira"
              ? "it holds a token Lantern keeps only as a hash, and cannot show again."
              : "Lantern keeps it encrypted to sign with, and cannot show it again. Your receiver verifies the webhook-signature header with it."
          }
          onDone={() => setSecret(null)}
        />
      )}
      <form
        noValidate
        aria-label="Connect an integration"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(inputOf(form));
        }}
      >
        <FormError message={message} />
        <div className="row" style={{ gap: 12, alignItems: "flex-start", flexWrap: "wrap" }}>
          <div className="field">
            <label htmlFor="integration-kind">Kind</label>
            <select
              id="integration-kind"
              value={form.kind}
              onChange={(e) => set({ kind: e.target.value as IntegrationKind })}
            >
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
            <span className="hint">{kind.hint}</span>
          </div>
          <Field id="integration-name" label="Name" placeholder="SOC channel" {...bind("name")} />
        </div>
        {form.kind === "jira" ? (
          <div className="row" style={{ gap: 12, alignItems: "flex-start", flexWrap: "wrap" }}>
            <Field
              id="integration-url"
              label="Jira site"
              placeholder="https://yourteam.atlassian.net"
              {...bind("url", "siteUrl")}
            />
            <Field id="integration-email" label="Account email" {...bind("email")} />
            <Field
              id="integration-token"
              label="API token"
              type="password"
              autoComplete="off"
              {...bind("token", "apiToken")}
            />
            <Field id="integration-project" label="Project key" placeholder="SEC" {...bind("projectKey")} />
            <Field id="integration-issue-type" label="Issue type" {...bind("issueType")} />
          </div>
        ) : EDGE_KINDS.includes(form.kind) ? (
          <div className="row" style={{ gap: 12, alignItems: "flex-start", flexWrap: "wrap" }}>
            <div className="field">
              <label htmlFor="integration-list">Mirrors</label>
              <select
                id="integration-list"
                value={form.list}
                onChange={(e) => set({ list: e.target.value as Form["list"] })}
              >
                <option value="BLOCK">the block list</option>
                <option value="RATE_LIMIT">the rate-limit list</option>
              </select>
            </div>
            {form.kind === "aws_waf" ? (
              <>
                <Field id="integration-region" label="Region" placeholder="eu-west-1" {...bind("region")} />
                <div className="field">
                  <label htmlFor="integration-scope">Scope</label>
                  <select
                    id="integration-scope"
                    value={form.scope}
                    onChange={(e) => set({ scope: e.target.value as Form["scope"] })}
                  >
                    <option value="REGIONAL">regional (ALB, API Gateway)</option>
                    <option value="CLOUDFRONT">CloudFront (us-east-1)</option>
                  </select>
                </div>
                <Field id="integration-set-name" label="IP set name" {...bind("ipSetName")} />
                <Field id="integration-set-id" label="IP set id" {...bind("ipSetId")} />
                <Field id="integration-key-id" label="Access key id" {...bind("accessKeyId")} />
                <Field
                  id="integration-token"
                  label="Secret access key"
                  type="password"
                  autoComplete="off"
                  {...bind("token", "secretAccessKey")}
                />
              </>
            ) : (
              <>
                <Field id="integration-account" label="Account id" {...bind("accountId")} />
                <Field id="integration-list-id" label="List id" {...bind("listId")} />
                <Field id="integration-token" label="API token" type="password" autoComplete="off" {...bind("token")} />
              </>
            )}
          </div>
        ) : form.kind === "syslog_cef" ? (
          <div className="row" style={{ gap: 12, alignItems: "flex-start", flexWrap: "wrap" }}>
            <Field id="integration-host" label="Host" placeholder="siem.internal" {...bind("host")} />
            <Field id="integration-port" label="Port" inputMode="numeric" {...bind("port")} />
            <label className="checkbox" style={{ alignSelf: "center" }}>
              <input type="checkbox" checked={form.tls} onChange={(e) => set({ tls: e.target.checked })} />
              TLS
            </label>
            {form.tls && (
              <div className="field" style={{ flex: "1 1 320px" }}>
                <label htmlFor="integration-ca">CA certificate (PEM, when no public CA signed the receiver's)</label>
                <textarea id="integration-ca" rows={3} value={form.ca} onChange={(e) => set({ ca: e.target.value })} />
              </div>
            )}
          </div>
        ) : (
          <div className="row" style={{ gap: 12, alignItems: "flex-start", flexWrap: "wrap" }}>
            <Field
              id="integration-url"
              label={
                form.kind === "splunk_hec"
                  ? "HEC base URL"
                  : form.kind === "slack" || form.kind === "teams"
                    ? "Incoming-webhook URL (kept secret)"
                    : "URL"
              }
              placeholder={form.kind === "splunk_hec" ? "https://splunk.example.com:8088" : "https://"}
              {...bind("url")}
              style={{ minWidth: "min(360px, 100%)" }}
            />
            {form.kind === "splunk_hec" && (
              <>
                <Field id="integration-token" label="HEC token" type="password" autoComplete="off" {...bind("token")} />
                <Field id="integration-index" label="Index (optional)" {...bind("index")} />
              </>
            )}
          </div>
        )}
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Connect
        </Button>
      </form>
    </Card>
  );
}

function IntegrationsCard() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.integrations.list.queryOptions(), refetchInterval: 3_000 });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.integrations.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.integrations.deliveries.queryKey() });
  };
  const test = useMutation(trpc.integrations.test.mutationOptions({ onSettled: refresh }));
  const toggle = useMutation(trpc.integrations.setEnabled.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.integrations.remove.mutationOptions({ onSettled: refresh }));
  const manage = ws.can("integrations.manage");
  const failed = test.error ?? toggle.error ?? remove.error;
  return (
    <Card title="Integrations">
      <div data-testid="integrations">
        <Table
          rows={list.data ?? []}
          empty={
            list.isPending ? "Loading…" : "No integrations yet: connect a webhook, a chat channel or your SIEM above."
          }
          columns={[
            {
              header: "Name",
              cell: (i) => (
                <>
                  <strong>{i.name}</strong> {!i.enabled && <Badge>off</Badge>}
                  <div className="muted">{i.kindLabel}</div>
                </>
              ),
            },
            {
              header: "Sends to",
              cell: (i) => (
                <>
                  <span className="mono">{i.destination}</span>
                  {i.secretHint && <div className="muted">secret {i.secretHint}</div>}
                </>
              ),
            },
            {
              header: "Last result",
              cell: (i) => <LastResult {...i} />,
            },
            ...(manage
              ? [
                  {
                    header: "",
                    cell: (i: { id: string; name: string; enabled: boolean; mirrors: string | null }) => (
                      <div className="row">
                        <Button
                          small
                          disabled={!i.enabled || test.isPending}
                          aria-label={i.mirrors ? `Push now to ${i.name}` : `Send a test to ${i.name}`}
                          onClick={() => test.mutate({ integrationId: i.id })}
                        >
                          {i.mirrors ? "Push now" : "Send a test"}
                        </Button>
                        <Button small onClick={() => toggle.mutate({ integrationId: i.id, enabled: !i.enabled })}>
                          {i.enabled ? "Switch off" : "Switch on"}
                        </Button>
                        <Button
                          small
                          variant="danger"
                          aria-label={`Remove ${i.name}`}
                          onClick={() => {
                            if (window.confirm(`Remove ${i.name} and its delivery log? Policies stop sending there.`))
                              remove.mutate({ integrationId: i.id });
                          }}
                        >
                          Remove
                        </Button>
                      </div>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </div>
      <FormError message={failed ? errorText(failed) : null} />
    </Card>
  );
}

/** The newer of the last success and the last error, so a fixed receiver stops looking broken. */
function LastResult(i: {
  lastSuccessAt: Date | string | null;
  lastErrorAt: Date | string | null;
  lastError: string | null;
  pushState: PushState | null;
}) {
  const ok = i.lastSuccessAt ? new Date(i.lastSuccessAt).getTime() : 0;
  const bad = i.lastErrorAt ? new Date(i.lastErrorAt).getTime() : 0;
  if (!ok && !bad) return <span className="muted">nothing sent yet</span>;
  if (ok >= bad && i.pushState) return <PushResult state={i.pushState} />;
  if (ok >= bad) return <Badge tone="ok">delivered {formatDateTime(i.lastSuccessAt)}</Badge>;
  return (
    <div data-testid="last-error">
      <Badge tone="danger">failed {formatDateTime(i.lastErrorAt)}</Badge>
      <div className="muted" style={{ maxWidth: 360, overflowWrap: "anywhere" }}>
        {i.lastError}
      </div>
    </div>
  );
}

/** An edge list's last push: how full it is, and what did not fit. */
function PushResult({ state }: { state: PushState }) {
  return (
    <div data-testid="push-state">
      <Badge tone={state.leftOut ? "danger" : "ok"}>pushed {formatDateTime(state.at)}</Badge>
      <div className="muted">
        {state.pushed.toLocaleString("en")} of {formatCount(state.capacity, "range")} (
        {formatCount(state.wanted, "entry", "entries")} merged into {state.ranges.toLocaleString("en")})
      </div>
      <meter className="meter" min={0} max={state.capacity} value={state.pushed} aria-label="Capacity used" />
      {state.leftOut > 0 && (
        <div className="muted" style={{ maxWidth: 360, overflowWrap: "anywhere" }}>
          Left out (lowest ranked): {state.leftOut.toLocaleString("en")}, such as {state.sample.slice(0, 5).join(", ")}.
          The pull feeds still carry them.
        </div>
      )}
    </div>
  );
}
