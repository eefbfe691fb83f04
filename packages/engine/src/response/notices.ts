// What Lantern tells other tools, and how each one wants to hear it: a
// signed JSON webhook, a Slack or Teams message, a Splunk HEC event, an
// OCSF finding (Detection for an alert, Vulnerability for a posture
// finding), a CEF line for syslog. A notice is built once
// (services/response/notices.ts) and stored with its delivery; it is
// rendered per integration when sent, so a redelivery sends the same facts.
//
// Titles and explanations quote paths and user agents from the logs, which
// attackers write: every renderer escapes for its own format (Slack's
// mrkdwn, CEF's separators) so a crafted path cannot forge fields or links.

export type AlertNotice = {
  id: string;
  url: string;
  title: string;
  detector: string;
  severity: Severity;
  verdict: string;
  status: string;
  explanation: string;
  endpoint: string | null;
  actor: string | null;
  /** How many addresses the alert's requests came from, and the first few. */
  addressCount: number;
  addresses: string[];
  firstSeen: string;
  lastSeen: string;
  occurrences: number;
};

/** A posture weakness of one endpoint: what it is, why it matters, how to fix it. */
export type FindingNotice = {
  id: string;
  url: string;
  title: string;
  /** The check's id ("unauthenticated-sensitive-data") and its OWASP API Top 10 (2023) category ("API2"). */
  check: string;
  owasp: string;
  severity: Severity;
  status: string;
  detail: string;
  fix: string;
  endpoint: string;
  /** "observed", "inferred" or "spec". */
  confidence: string;
  firstSeen: string;
  lastSeen: string;
  /** Calls that showed it. */
  evidence: number;
};

type Severity = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

export type BlockNotice = { label: string; list: string; reason: string; expiresAt: string | null; by: string };

export type Notice = {
  type: "alert.raised" | "finding.opened" | "block.added" | "test";
  /** ISO time the event happened at Lantern. */
  at: string;
  workspace: { slug: string; name: string };
  /** The policy that sent it, if any. */
  policy: string | null;
  alert?: AlertNotice;
  finding?: FindingNotice;
  blocks?: BlockNotice[];
  /** Who asked for a test. */
  by?: string;
};

export const PRODUCT = { name: "Lantern", vendor: "Lantern", version: "1.0" } as const;

/** One line saying what happened, for subjects, summaries and previews. */
export function headline(n: Notice): string {
  if (n.type === "test") return `Test from Lantern (${n.workspace.name}), sent by ${n.by ?? "someone"}`;
  if (n.type === "block.added") {
    const blocks = n.blocks ?? [];
    return `${blocks.length === 1 ? blocks[0]!.label : `${blocks.length} entries`} added to the ${listName(blocks[0]?.list)}`;
  }
  const s = subjectOf(n)!;
  return `[${s.severity}] ${s.title}${n.finding ? ` on ${n.finding.endpoint}` : ""}`;
}

/** What an alert and a finding have in common, for the renderers that treat both alike. */
export type Subject = { id: string; url: string; title: string; severity: Severity; text: string; noun: string };

export function subjectOf(n: Notice): Subject | null {
  if (n.alert) return { ...n.alert, text: n.alert.explanation, noun: "alert" };
  if (n.finding) return { ...n.finding, text: n.finding.detail, noun: "finding" };
  return null;
}

const listName = (list: string | undefined) => (list === "RATE_LIMIT" ? "rate-limit list" : "block list");

/** The Standard Webhooks body: { type, timestamp, data }. */
export function webhookBody(n: Notice) {
  const { type, at, ...data } = n;
  return { type, timestamp: at, data };
}

/** Slack's mrkdwn treats &, < and > as markup (links, mentions): escaped as Slack documents. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function slackMessage(n: Notice) {
  const s = subjectOf(n);
  const lines = detailLines(n).map(([k, v]) => `*${k}:* ${slackEscape(v)}`);
  const link = s ? `<${s.url}|Open the ${s.noun} in Lantern>` : null;
  const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
  return {
    text: slackEscape(headline(n)),
    blocks: [
      { type: "header", text: { type: "plain_text", text: headline(n).slice(0, 150) } },
      ...(s ? [section(slackEscape(s.text))] : []),
      ...(n.finding ? [section(`*How to fix:* ${slackEscape(n.finding.fix)}`)] : []),
      section([...lines, ...(link ? [link] : [])].join("\n")),
    ],
  };
}

/** Teams incoming webhooks (Workflows) take an Adaptive Card; its TextBlocks are plain text unless markdown is used. */
export function teamsMessage(n: Notice) {
  const s = subjectOf(n);
  const text = (t: string) => ({ type: "TextBlock", wrap: true, text: teamsEscape(t) });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", size: "Medium", weight: "Bolder", wrap: true, text: teamsEscape(headline(n)) },
            ...(s ? [text(s.text)] : []),
            ...(n.finding ? [text(`How to fix: ${n.finding.fix}`)] : []),
            { type: "FactSet", facts: detailLines(n).map(([title, value]) => ({ title, value: teamsEscape(value) })) },
          ],
          actions: s ? [{ type: "Action.OpenUrl", title: "Open in Lantern", url: s.url }] : [],
        },
      },
    ],
  };
}

/** Adaptive Cards render a subset of Markdown in TextBlocks: links and emphasis from a log stay literal. */
function teamsEscape(text: string): string {
  return text.replace(/[\\[\]()*_`#>]/g, (c) => `\\${c}`);
}

/** The facts a person reads under the headline, as label/value pairs. */
function detailLines(n: Notice): [string, string][] {
  const out: [string, string][] = [["Workspace", n.workspace.name]];
  if (n.alert) {
    const a = n.alert;
    out.push(["Detector", a.detector], ["Verdict", a.verdict.toLowerCase()]);
    if (a.endpoint) out.push(["Endpoint", a.endpoint]);
    if (a.actor) out.push(["Actor", a.actor]);
    if (a.addressCount) out.push(["Addresses", addressSummary(a)]);
    out.push(["Seen", `${a.firstSeen} to ${a.lastSeen}`]);
  }
  if (n.finding) {
    const f = n.finding;
    out.push(
      ["Check", `${f.owasp}: ${f.check}`],
      ["Endpoint", f.endpoint],
      ["Confidence", f.confidence],
      ["Seen", `${f.firstSeen} to ${f.lastSeen} (${f.evidence} call${f.evidence === 1 ? "" : "s"})`],
    );
  }
  for (const b of n.blocks ?? [])
    out.push([
      b.list === "RATE_LIMIT" ? "Rate-limited" : "Blocked",
      `${b.label} until ${b.expiresAt ?? "removed"}: ${b.reason}`,
    ]);
  if (n.policy) out.push(["Policy", n.policy]);
  if (n.by) out.push(["Sent by", n.by]);
  return out;
}

function addressSummary(a: AlertNotice): string {
  const shown = a.addresses.slice(0, 5).join(", ");
  return a.addressCount > 5 ? `${shown} and ${a.addressCount - 5} more` : shown;
}

const OCSF_SEVERITY = { LOW: 2, MEDIUM: 3, HIGH: 4, CRITICAL: 5 } as const;
const OCSF_STATUS: Record<string, number> = { NEW: 1, INVESTIGATING: 2, FALSE_POSITIVE: 3, RESOLVED: 4 };

/** The notice as an OCSF 1.3 finding: a posture finding is a Vulnerability Finding, anything else a Detection Finding. */
export function ocsfFinding(n: Notice) {
  return n.finding ? ocsfVulnerabilityFinding(n, n.finding) : ocsfDetectionFinding(n);
}

const ocsfBase = (n: Notice, classUid: number) => ({
  metadata: {
    version: "1.3.0",
    product: { name: PRODUCT.name, vendor_name: PRODUCT.vendor, version: PRODUCT.version },
  },
  category_uid: 2,
  class_uid: classUid,
  activity_id: 1,
  type_uid: classUid * 100 + 1,
  time: Date.parse(n.at),
});

/** OCSF 1.3 Detection Finding (class 2004): the alert as SIEMs and data lakes normalise findings. */
export function ocsfDetectionFinding(n: Notice) {
  const base = ocsfBase(n, 2004);
  const time = base.time;
  const a = n.alert;
  if (!a)
    return {
      ...base,
      severity_id: 1,
      message: headline(n),
      finding_info: { uid: `${n.type}:${time}`, title: headline(n) },
    };
  return {
    ...base,
    severity_id: OCSF_SEVERITY[a.severity],
    status_id: OCSF_STATUS[a.status] ?? 99,
    message: a.title,
    finding_info: {
      uid: a.id,
      title: a.title,
      desc: a.explanation,
      types: [a.detector],
      src_url: a.url,
      first_seen_time: Date.parse(a.firstSeen),
      last_seen_time: Date.parse(a.lastSeen),
      analytic: { name: a.detector, type_id: 5, type: "Behavioral" },
    },
    observables: [
      ...a.addresses.slice(0, 50).map((value) => ({ name: "src_endpoint.ip", type_id: 2, type: "IP Address", value })),
      ...(a.actor ? [{ name: "actor", type_id: 99, type: "Other", value: a.actor }] : []),
    ],
    resources: a.endpoint ? [{ type: "API endpoint", name: a.endpoint }] : [],
    unmapped: { workspace: n.workspace.slug, verdict: a.verdict, occurrences: a.occurrences, policy: n.policy },
  };
}

/**
 * OCSF 1.3 Vulnerability Finding (class 2002): a weakness of an API
 * endpoint, with its fix as the remediation, so a vulnerability dashboard
 * lists it beside the scanners' findings.
 */
function ocsfVulnerabilityFinding(n: Notice, f: FindingNotice) {
  const firstSeen = Date.parse(f.firstSeen);
  const lastSeen = Date.parse(f.lastSeen);
  return {
    ...ocsfBase(n, 2002),
    severity_id: OCSF_SEVERITY[f.severity],
    status_id: OCSF_FINDING_STATUS[f.status] ?? 99,
    message: f.title,
    finding_info: {
      uid: f.id,
      title: f.title,
      desc: f.detail,
      types: [f.owasp, f.check],
      src_url: f.url,
      first_seen_time: firstSeen,
      last_seen_time: lastSeen,
    },
    vulnerabilities: [
      {
        title: f.title,
        desc: f.detail,
        severity: f.severity[0] + f.severity.slice(1).toLowerCase(),
        category: f.owasp,
        remediation: { desc: f.fix },
        first_seen_time: firstSeen,
        last_seen_time: lastSeen,
      },
    ],
    resources: [{ type: "API endpoint", name: f.endpoint }],
    unmapped: { workspace: n.workspace.slug, confidence: f.confidence, evidence: f.evidence, policy: n.policy },
  };
}
const OCSF_FINDING_STATUS: Record<string, number> = { OPEN: 1, ACCEPTED: 3, RESOLVED: 4 };

/** A Splunk HTTP Event Collector event (POST /services/collector/event): the OCSF finding as its body. */
export function splunkEvent(n: Notice) {
  return {
    time: Date.parse(n.at) / 1000,
    host: "lantern",
    source: `lantern:${n.workspace.slug}`,
    sourcetype: "lantern:ocsf",
    event: ocsfFinding(n),
  };
}

const CEF_SEVERITY = { LOW: 3, MEDIUM: 5, HIGH: 8, CRITICAL: 10 } as const;

/** CEF header fields: a backslash and a pipe are escaped; line breaks would end the record, so they become spaces. */
const cefHeader = (text: string) =>
  text
    .replace(/[\r\n]+/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|");
/** CEF extension values: a backslash and an equals sign are escaped, line breaks written as \n. */
const cefValue = (text: string) =>
  text
    .replace(/\\/g, "\\\\")
    .replace(/=/g, "\\=")
    .replace(/\r?\n|\r/g, "\\n");

/** One CEF record (ArcSight CEF 0): Vendor|Product|Version|SignatureID|Name|Severity|Extension. */
export function cefRecord(n: Notice): string {
  const a = n.alert;
  const f = n.finding;
  const s = subjectOf(n);
  const signature = a ? a.detector : f ? f.check : n.type;
  const severity = s ? CEF_SEVERITY[s.severity] : 1;
  const ext: [string, string | number | undefined][] = [
    ["rt", Date.parse(n.at)],
    ["cs1Label", "workspace"],
    ["cs1", n.workspace.slug],
  ];
  if (a) {
    ext.push(
      ["externalId", a.id],
      ["msg", a.explanation],
      ["src", a.addresses[0]],
      ["suser", a.actor ?? undefined],
      ["request", a.endpoint ?? undefined],
      ["cs2Label", "verdict"],
      ["cs2", a.verdict],
      ["cs3Label", "url"],
      ["cs3", a.url],
      ["cnt", a.occurrences],
    );
  } else if (f) {
    ext.push(
      ["externalId", f.id],
      ["msg", f.detail],
      ["request", f.endpoint],
      ["cs2Label", "owasp"],
      ["cs2", f.owasp],
      ["cs3Label", "url"],
      ["cs3", f.url],
      ["cnt", f.evidence],
    );
  } else ext.push(["msg", headline(n)]);
  if (n.policy) ext.push(["cs4Label", "policy"], ["cs4", n.policy]);
  const extension = ext
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${cefValue(String(v))}`)
    .join(" ");
  const header = [PRODUCT.vendor, PRODUCT.name, PRODUCT.version, signature, s ? s.title : headline(n), severity];
  return `CEF:0|${header.map((h) => cefHeader(String(h))).join("|")}|${extension}`;
}
