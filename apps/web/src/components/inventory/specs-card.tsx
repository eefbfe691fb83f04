"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Badge, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { useWorkspace } from "@/components/shell/workspace-context";
import { errorText, useTRPC } from "@/lib/trpc";

/** Upload a service's OpenAPI or Swagger document; see its coverage, shadow and zombie counts and the operations never called. */
export function SpecsCard({ hosts }: { hosts: string[] }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const file = useRef<HTMLInputElement>(null);
  const [host, setHost] = useState("");
  const specs = useQuery(trpc.inventory.specs.queryOptions());
  const upload = useMutation(
    trpc.inventory.uploadSpec.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.inventory.pathKey() });
        if (file.current) file.current.value = "";
      },
    }),
  );
  const send = async (files: FileList | null) => {
    const f = files?.[0];
    if (!f) return;
    upload.mutate({ fileName: f.name, text: await f.text(), host: host || undefined });
  };

  return (
    <Card title="API specs" id="specs">
      {ws.can("data.ingest") && (
        <div className="row" style={{ marginBottom: 12 }}>
          <select aria-label="Service the spec describes" value={host} onChange={(e) => setHost(e.target.value)}>
            <option value="">Service named in the spec</option>
            {hosts.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
          <Button small onClick={() => file.current?.click()} disabled={upload.isPending}>
            {upload.isPending ? "Reading…" : "Upload OpenAPI or Swagger (JSON or YAML)"}
          </Button>
          <input
            ref={file}
            type="file"
            hidden
            aria-label="Choose a spec file"
            accept=".json,.yaml,.yml"
            onChange={(e) => void send(e.target.files)}
          />
        </div>
      )}
      {upload.error && (
        <div className="form-error" role="alert">
          {errorText(upload.error)}
        </div>
      )}
      {upload.data && (
        <p data-testid="spec-result">
          {upload.data.title} for {upload.data.host}: {upload.data.operations} operations; {upload.data.documented}{" "}
          endpoints documented, {upload.data.shadow} shadow, {upload.data.zombie} zombie. The OWASP ruleset found{" "}
          {upload.data.lint.issues} issues across {upload.data.lint.rules} rules (on the Findings page, by endpoint).
          {upload.data.warnings.length > 0 && <span className="muted"> {upload.data.warnings.join(" ")}</span>}
        </p>
      )}
      {(specs.data ?? []).length === 0 ? (
        <p className="muted">
          No spec yet. With one, each endpoint is marked documented, shadow (seen, not documented) or zombie (deprecated
          or an older version, still called).
        </p>
      ) : (
        <ul style={{ listStyle: "none", padding: 0 }} data-testid="specs">
          {(specs.data ?? []).map((s) => (
            <li key={s.id} style={{ marginBottom: 8 }}>
              <strong>{s.host}</strong>{" "}
              <span className="muted">
                {s.title} {s.version}
              </span>{" "}
              · coverage <strong>{Math.round(s.coverage * 100)}%</strong> of {s.seen} endpoints seen ·{" "}
              {s.shadow > 0 ? <Badge tone="danger">{s.shadow} shadow</Badge> : "0 shadow"} ·{" "}
              {s.zombie > 0 ? <Badge tone="accent">{s.zombie} zombie</Badge> : "0 zombie"}
              <details data-testid="spec-lint">
                <summary>
                  OWASP ruleset: {s.lint.issues} issues across {s.lint.rules} rules; {s.lint.document.length} about the
                  document as a whole
                </summary>
                <ul style={{ fontSize: 12 }}>
                  {s.lint.document.map((i) => (
                    <li key={i.rule}>
                      {i.owasp} {i.message} <span className="muted mono">{i.rule}</span>
                    </li>
                  ))}
                </ul>
              </details>
              <details>
                <summary>{s.unused.length} documented operations never called</summary>
                <ul className="mono" style={{ fontSize: 12 }}>
                  {s.unused.slice(0, 200).map((o) => (
                    <li key={`${o.method} ${o.path}`}>
                      {o.method} {o.path}
                      {o.deprecated ? " (deprecated)" : ""}
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
