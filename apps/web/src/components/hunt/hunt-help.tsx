"use client";
import { Table } from "@/components/ui/table";

type FieldInfo = { name: string; about: string; aliases?: string[]; example: string };

/** The fields a hunt can search and the syntax, under the query box. */
export function HuntHelp({ fields }: { fields: FieldInfo[] }) {
  return (
    <details>
      <summary className="muted">Fields and syntax</summary>
      <p className="muted">
        <span className="mono">field:value</span>, <span className="mono">status:&gt;=500</span>,{" "}
        <span className="mono">bytes:[1000 TO 5000]</span>, wildcards <span className="mono">*</span> and{" "}
        <span className="mono">?</span> (<span className="mono">path:/v1/users/*</span>), quotes for exact text,{" "}
        <span className="mono">AND</span> (also a space), <span className="mono">OR</span>,{" "}
        <span className="mono">NOT</span> or <span className="mono">-</span>, parentheses. Words without a field search
        the path, host, user agent and referer. End with{" "}
        <span className="mono">| stats count() by endpoint, status</span> to count.
      </p>
      <div data-testid="hunt-fields">
        <Table
          rows={fields.map((f) => ({ ...f, id: f.name }))}
          columns={[
            {
              header: "Field",
              cell: (f) => (
                <span className="mono">
                  {f.name}
                  {f.aliases?.length ? <span className="muted"> ({f.aliases.join(", ")})</span> : null}
                </span>
              ),
            },
            { header: "What", cell: (f) => f.about },
            { header: "Example", cell: (f) => <span className="mono">{`${f.name}:${f.example}`}</span> },
          ]}
        />
      </div>
    </details>
  );
}
