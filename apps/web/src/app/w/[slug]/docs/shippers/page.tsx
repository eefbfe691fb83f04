"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Card, PageHeader } from "@/components/ui/card";

/** This Lantern's own address, once in the browser: the snippets are ready to paste. */
function useOrigin() {
  const [origin, setOrigin] = useState("https://lantern.example.com");
  useEffect(() => setOrigin(window.location.origin), []);
  return origin;
}

/**
 * How to stream logs here from a shipper (curl, Fluent Bit, Vector), with
 * this Lantern's address filled in: the same contract as the README's.
 */
export default function StreamLogsPage() {
  const ws = useWorkspace();
  const origin = useOrigin();
  const url = new URL(origin);
  const ingest = `${origin}/api/v1/ingest?source=nginx-edge&format=combined`;
  const tls = url.protocol === "https:";
  const port = url.port || (tls ? "443" : "80");
  return (
    <>
      <PageHeader
        title="Stream logs"
        description={
          <>
            <Link href={ws.href("/data-sources")}>← Data sources</Link> · Send access logs as they are written: each
            POST becomes an upload, judged like a file.
          </>
        }
      />
      <Card title="1. A token with the ingest scope">
        <p>
          {ws.can("tokens.manage") ? (
            <>
              Create one under <Link href={ws.href("/settings/tokens")}>Settings → API tokens</Link>
            </>
          ) : (
            "Ask an Owner or Admin for one"
          )}
          , then keep it in your shipper's environment as <code>LANTERN_TOKEN</code>. It is shown once.
        </p>
      </Card>
      <Card title="2. Send lines">
        <p>
          <code>source</code> names the data source (one per log stream); <code>format</code> skips detection (
          <code>combined</code>, <code>common</code>, <code>envoy</code>, <code>aws-alb</code>, <code>kong</code>,{" "}
          <code>json</code>…). Bodies may be gzip. When more than 50 uploads wait in this workspace, the answer is 429
          with <code>Retry-After</code>: shippers retry on their own.
        </p>
        <h3>curl</h3>
        <pre className="snippet" data-testid="snippet-curl">
          {`curl -H "Authorization: Bearer $LANTERN_TOKEN" -H "Content-Encoding: gzip" \\
     --data-binary @access.log.gz "${ingest}"
# → 202 {"uploadId":"upl_…","statusUrl":"${origin}/api/v1/uploads/upl_…"}`}
        </pre>
        <h3>Fluent Bit</h3>
        <p className="muted">
          Each line arrives as <code>{'{"date": …, "log": "<line>"}'}</code>; Lantern unwraps <code>log</code> (also{" "}
          <code>message</code> or <code>msg</code>).
        </p>
        <pre className="snippet" data-testid="snippet-fluent-bit">
          {`[INPUT]
    Name  tail
    Path  /var/log/nginx/access.log
[OUTPUT]
    Name         http
    Match        *
    Host         ${url.hostname}
    Port         ${port}
    tls          ${tls ? "On" : "Off"}
    URI          /api/v1/ingest?source=nginx-edge&format=combined
    Header       Authorization Bearer \${LANTERN_TOKEN}
    Format       json_lines
    compress     gzip`}
        </pre>
        <h3>Vector</h3>
        <pre className="snippet" data-testid="snippet-vector">
          {`[sources.nginx]
type = "file"
include = ["/var/log/nginx/access.log"]

[sinks.lantern]
type = "http"
inputs = ["nginx"]
uri = "${ingest}"
method = "post"
compression = "gzip"
encoding.codec = "text"
framing.method = "newline_delimited"
auth.strategy = "bearer"
auth.token = "\${LANTERN_TOKEN}"
batch.max_bytes = 10000000
batch.timeout_secs = 5`}
        </pre>
      </Card>
      <Card title="3. Follow it">
        <p>
          Each POST answers with its upload's status address: its <code>stages</code> say where it stands (
          <code>ingest</code>, <code>discovery</code>, <code>detection</code>, <code>posture</code>). Its alerts are
          ready when detection is done. Streamed uploads are listed under{" "}
          <Link href={ws.href("/data-sources")}>Data sources</Link> with files. The full contract is{" "}
          <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
        </p>
      </Card>
    </>
  );
}
