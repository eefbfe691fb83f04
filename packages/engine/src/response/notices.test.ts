import { describe, expect, it } from "vitest";
import {
  cefRecord,
  type Notice,
  ocsfDetectionFinding,
  slackMessage,
  splunkEvent,
  teamsMessage,
  webhookBody,
} from "./notices";

const hostilePath = "/api/x|y=1\\z\n<https://evil.example|click> *bold* [link](https://evil.example)";

function alertNotice(over: Partial<NonNullable<Notice["alert"]>> = {}): Notice {
  return {
    type: "alert.raised",
    at: "2026-12-04T10:00:00.000Z",
    workspace: { slug: "acme", name: "Acme" },
    policy: "Stop stuffing",
    alert: {
      id: "alr_1",
      url: "https://lantern.example/w/acme/alerts/alr_1",
      title: `Credential stuffing on POST ${hostilePath}`,
      detector: "credential-stuffing",
      severity: "HIGH",
      verdict: "ATTACK",
      status: "NEW",
      explanation: `412 failed sign-ins on ${hostilePath}`,
      endpoint: `POST ${hostilePath}`,
      actor: null,
      addressCount: 7,
      addresses: [
        "203.0.113.1",
        "203.0.113.2",
        "203.0.113.3",
        "203.0.113.4",
        "203.0.113.5",
        "203.0.113.6",
        "203.0.113.7",
      ],
      firstSeen: "2026-12-04T09:00:00.000Z",
      lastSeen: "2026-12-04T09:20:00.000Z",
      occurrences: 2,
      ...over,
    },
  };
}

describe("CEF", () => {
  it("keeps a crafted path inside its field: no extra header field, no forged key, one line", () => {
    const line = cefRecord(alertNotice());
    expect(line).not.toContain("\n");
    // The header is 7 fields split on unescaped pipes; the escaped pipe of the name stays inside it.
    const fields = line.split(/(?<!\\)\|/);
    expect(fields.slice(0, 6)).toEqual([
      "CEF:0",
      "Lantern",
      "Lantern",
      "1.0",
      "credential-stuffing",
      expect.any(String),
    ]);
    expect(fields[5]).toContain("/api/x\\|y=1");
    expect(fields[6]).toBe("8"); // HIGH
    expect(fields[7]).toMatch(/^rt=\d+ cs1Label=workspace cs1=acme /);
    // The extension's msg holds the path with = and \ escaped, the line break as \n.
    expect(line).toContain("msg=412 failed sign-ins on /api/x|y\\=1\\\\z\\n<https://evil.example|click>");
    expect(line).toMatch(/ src=203\.0\.113\.1 /);
    expect(line).toContain("cs4=Stop stuffing");
  });
});

describe("Slack and Teams", () => {
  it("escapes Slack's link markup from the logs and links only to Lantern", () => {
    const message = slackMessage(alertNotice());
    // The header block is plain_text (never markup); every mrkdwn text is escaped.
    expect(message.blocks[0]!.text.type).toBe("plain_text");
    const msg = JSON.stringify([message.text, ...message.blocks.slice(1)]);
    expect(msg).not.toContain("<https://evil.example");
    expect(msg).toContain("&lt;https://evil.example|click&gt;");
    expect(msg).toContain("<https://lantern.example/w/acme/alerts/alr_1|Open the alert in Lantern>");
    expect(msg).toContain("203.0.113.5 and 2 more");
  });
  it("sends Teams an Adaptive Card whose text cannot turn into links", () => {
    const card = teamsMessage(alertNotice()).attachments[0]!.content;
    expect(card.type).toBe("AdaptiveCard");
    const text = JSON.stringify(card.body);
    expect(text).toContain("\\\\[link\\\\]\\\\(https://evil.example\\\\)");
    expect(card.actions[0]).toMatchObject({
      type: "Action.OpenUrl",
      url: "https://lantern.example/w/acme/alerts/alr_1",
    });
  });
});

describe("OCSF and Splunk", () => {
  it("maps an alert to a Detection Finding with severity, status and source addresses", () => {
    const f = ocsfDetectionFinding(alertNotice({ severity: "CRITICAL", status: "INVESTIGATING" }));
    expect(f).toMatchObject({ class_uid: 2004, type_uid: 200401, severity_id: 5, status_id: 2 });
    expect(f.finding_info).toMatchObject({ uid: "alr_1", types: ["credential-stuffing"] });
    expect((f as { observables: { value: string }[] }).observables.map((o) => o.value)).toContain("203.0.113.7");
  });
  it("wraps it as a HEC event with epoch seconds", () => {
    const e = splunkEvent(alertNotice());
    expect(e.time).toBe(Date.parse("2026-12-04T10:00:00.000Z") / 1000);
    expect(e.sourcetype).toBe("lantern:ocsf");
    expect(e.event.class_uid).toBe(2004);
  });
});

describe("webhook body", () => {
  it("is { type, timestamp, data } as Standard Webhooks recommends", () => {
    const body = webhookBody(alertNotice());
    expect(body.type).toBe("alert.raised");
    expect(body.timestamp).toBe("2026-12-04T10:00:00.000Z");
    expect(body.data.alert?.id).toBe("alr_1");
  });
});

function findingNotice(): Notice {
  return {
    type: "finding.opened",
    at: "2026-12-04T10:00:00.000Z",
    workspace: { slug: "acme", name: "Acme" },
    policy: "Tell the API team",
    finding: {
      id: "fnd_1",
      url: "https://lantern.example/w/acme/findings/fnd_1",
      title: "Sensitive data served without authentication",
      check: "unauthenticated-sensitive-data",
      owasp: "API2",
      severity: "CRITICAL",
      status: "OPEN",
      detail: `Card numbers in answers to anonymous callers of GET ${hostilePath}`,
      fix: "Require a token on this route <https://evil.example|here>",
      endpoint: `GET api.acme.test${hostilePath}`,
      confidence: "observed",
      firstSeen: "2026-12-01T09:00:00.000Z",
      lastSeen: "2026-12-04T09:20:00.000Z",
      evidence: 41,
    },
  };
}

describe("a posture finding", () => {
  it("is an OCSF Vulnerability Finding with its fix as the remediation, in the HEC event too", () => {
    const event = splunkEvent(findingNotice()).event as Record<string, unknown> & {
      vulnerabilities: { remediation: { desc: string } }[];
    };
    expect(event).toMatchObject({ class_uid: 2002, type_uid: 200201, severity_id: 5, status_id: 1 });
    expect(event.finding_info).toMatchObject({ uid: "fnd_1", types: ["API2", "unauthenticated-sensitive-data"] });
    expect(event.vulnerabilities[0]!.remediation.desc).toMatch(/^Require a token/);
    expect(event.resources).toEqual([{ type: "API endpoint", name: `GET api.acme.test${hostilePath}` }]);
  });
  it("tells Slack what is weak, where and how to fix it, escaped, with the link to the finding", () => {
    const message = slackMessage(findingNotice());
    expect(message.text).toMatch(/^\[CRITICAL\] Sensitive data served without authentication on GET api\.acme\.test/);
    const msg = JSON.stringify(message.blocks.slice(1));
    expect(msg).toContain("*How to fix:* Require a token on this route &lt;https://evil.example|here&gt;");
    expect(msg).not.toContain("<https://evil.example");
    expect(msg).toContain("<https://lantern.example/w/acme/findings/fnd_1|Open the finding in Lantern>");
    expect(msg).toContain("*Check:* API2: unauthenticated-sensitive-data");
  });
  it("is one CEF line whose signature is the check, with the endpoint as the request", () => {
    const line = cefRecord(findingNotice());
    expect(line).not.toContain("\n");
    const fields = line.split(/(?<!\\)\|/);
    expect(fields.slice(4, 7)).toEqual([
      "unauthenticated-sensitive-data",
      "Sensitive data served without authentication",
      "10",
    ]);
    expect(line).toContain("externalId=fnd_1");
    expect(line).toContain("cs2Label=owasp cs2=API2");
    expect(line).toContain("cnt=41");
  });
});
