"use client";
import Link from "next/link";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Card } from "@/components/ui/card";

const FORMATS = [
  { format: "nginx", what: "an include for http {}: geo and map blocks setting $lantern_blocked" },
  { format: "haproxy", what: "a map file: http-request deny if { src,map_ip(lantern.map) -m found }" },
  { format: "kong", what: "the ip-restriction plugin's deny list, and the consumers to refuse" },
  { format: "text", what: "one range per line, for firewalls and scripts" },
  { format: "json", what: "every entry; with since=<cursor>, what was added and removed since" },
];

/** How gateways pull the lists: the feed's address per format, and the token it needs. */
export function FeedsCard() {
  const ws = useWorkspace();
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <Card title="Connect a gateway">
      <p className="muted">
        Gateways pull the lists with an API token that has only the <strong>blocklist</strong> scope (
        <Link href={ws.href("/settings/tokens")}>create one</Link>): send it as{" "}
        <span className="mono">Authorization: Bearer …</span>. Add <span className="mono">&amp;list=rate-limit</span>{" "}
        for the rate-limit list. For nginx, <span className="mono">scripts/gateway/nginx-blocklist.sh</span> in the
        Lantern repository fetches the include, checks it with <span className="mono">nginx -t</span> and reloads only
        when the list changed: run it every minute.
      </p>
      <ul data-testid="feed-urls">
        {FORMATS.map((f) => (
          <li key={f.format}>
            <span className="mono">
              {origin}/api/v1/blocklist?format={f.format}
            </span>{" "}
            <span className="muted">— {f.what}</span>
          </li>
        ))}
      </ul>
      <p className="muted">
        API keys on the lists are in the JSON feed only: Lantern keeps keys as keyed hashes, which no gateway can
        compute, so revoke them where they are issued.
      </p>
    </Card>
  );
}
