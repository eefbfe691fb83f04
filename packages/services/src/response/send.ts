// Sends one notice to one integration, in the form its receiver expects,
// and judges the answer: 2xx is delivered; a timeout, 408, 429 or 5xx is
// worth another attempt; any other answer (a revoked Slack URL, a wrong HEC
// token) will not change by retrying and fails at once with what it said.
import { createHmac } from "node:crypto";
import {
  cefRecord,
  headline,
  type Notice,
  slackMessage,
  splunkEvent,
  subjectOf,
  teamsMessage,
  webhookBody,
} from "@lantern/engine/response/notices";
import type { IntegrationRow } from "./integrations";
import { checkJira, type JiraConfig, openJiraIssue, type Ticket } from "./jira";
import { answerError, type HttpAnswer, type OutboundPolicy, PermanentFailure, post, sendOverTcp } from "./outbound";

export type SendResult = { status: number | null; ms: number; ticket?: Ticket };

/**
 * Standard Webhooks signature: base64 HMAC-SHA256 of `id.timestamp.body`
 * keyed with the secret's bytes (after `whsec_`), as `v1,<signature>`.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** A ticket system's fields beside the notice, so a generic receiver can open one without reading Lantern's model. */
function ticketBody(n: Notice) {
  const s = subjectOf(n);
  const fix = n.finding ? `\n\nHow to fix: ${n.finding.fix}` : "";
  return {
    ...webhookBody(n),
    ticket: {
      externalId: s?.id ?? null,
      summary: headline(n),
      description: s ? `${s.text}${fix}\n\n${s.url}` : headline(n),
      priority: s ? { LOW: "Low", MEDIUM: "Medium", HIGH: "High", CRITICAL: "Highest" }[s.severity] : "Low",
      labels: ["lantern", ...(n.alert ? [n.alert.detector] : n.finding ? [n.finding.check] : [])],
    },
  };
}

/** RFC 5424 severity from the alert's or finding's: critical 2, high 3, medium 4, low 5; other notices are notices (5). */
const SYSLOG_SEVERITY = { CRITICAL: 2, HIGH: 3, MEDIUM: 4, LOW: 5 } as const;
const LOCAL4 = 20;

/** One RFC 5424 message carrying the CEF record, framed by octet counting (RFC 6587) for TCP. */
export function syslogFrame(n: Notice, hostname = "lantern"): string {
  const subject = subjectOf(n);
  const severity = subject ? SYSLOG_SEVERITY[subject.severity] : 5;
  const message = `<${LOCAL4 * 8 + severity}>1 ${n.at} ${hostname} lantern - ${n.type} - ${cefRecord(n)}`;
  return `${Buffer.byteLength(message)} ${message}`;
}

function judge(answer: HttpAnswer): SendResult {
  if (answer.status >= 200 && answer.status < 300) return { status: answer.status, ms: answer.ms };
  throw answerError(answer);
}

export async function sendNotice(
  row: IntegrationRow,
  secret: string | null,
  notice: Notice,
  deliveryId: string,
  policy: OutboundPolicy,
): Promise<SendResult> {
  const config = row.config as Record<string, unknown>;
  const json = (value: unknown) => JSON.stringify(value);
  switch (row.kind) {
    case "webhook":
    case "ticket_webhook": {
      const body = json(row.kind === "webhook" ? webhookBody(notice) : ticketBody(notice));
      const timestamp = Math.floor(Date.now() / 1000);
      return judge(
        await post(
          String(config.url),
          body,
          {
            "webhook-id": deliveryId,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": signWebhook(secret ?? "", deliveryId, timestamp, body),
          },
          policy,
        ),
      );
    }
    case "slack":
      return judge(await post(secret ?? "", json(slackMessage(notice)), {}, policy));
    case "teams":
      return judge(await post(secret ?? "", json(teamsMessage(notice)), {}, policy));
    case "splunk_hec": {
      const url = new URL("/services/collector/event", String(config.url)).toString();
      const event = { ...splunkEvent(notice), ...(config.index ? { index: String(config.index) } : {}) };
      return judge(await post(url, json(event), { authorization: `Splunk ${secret ?? ""}` }, policy));
    }
    case "syslog_cef": {
      const target = {
        host: String(config.host),
        port: Number(config.port),
        tls: config.tls === true,
        ca: config.ca ? String(config.ca) : undefined,
      };
      const { ms } = await sendOverTcp(target, syslogFrame(notice), policy);
      return { status: null, ms };
    }
    case "jira": {
      const jira = row.config as unknown as JiraConfig;
      if (!subjectOf(notice)) return checkJira(jira, secret ?? "", policy);
      return openJiraIssue(jira, secret ?? "", notice, policy);
    }
    default:
      throw new PermanentFailure(`no sender for integrations of kind ${row.kind}`);
  }
}
