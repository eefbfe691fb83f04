"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { errorDetails, errorText, useTRPC } from "@/lib/trpc";

const MAX_BYTES = 5 * 1024 * 1024;

/** Imported IP lists and ranges: requests from them raise threat-intelligence alerts. */
export default function ThreatIntelPage() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const lists = useQuery(trpc.threatLists.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.threatLists.list.queryKey() });
  const remove = useMutation(trpc.threatLists.delete.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const imported = useMutation(
    trpc.threatLists.import.mutationOptions({
      onSuccess: () => {
        setName("");
        setUrl("");
        void refresh();
      },
    }),
  );
  const failed = errorDetails(imported.error);

  return (
    <>
      <Card title="Threat intelligence">
        <p className="muted">
          Lists of addresses and ranges you trust to be hostile (Spamhaus DROP, FireHOL, your own blocklist): a request
          from one of them raises an alert, a stronger one when it carries a user&apos;s token or a key. One address or
          range per line; comments after # or ; are ignored. Applies to uploads judged from now on; a list imported from
          an https address is fetched again every hour.
        </p>
        <Table
          rows={lists.data ?? []}
          empty={lists.isPending ? "Loading…" : "No list imported yet."}
          columns={[
            { header: "List", cell: (l) => <strong>{l.name}</strong> },
            {
              header: "Entries",
              cell: (l) => (
                <span data-testid="threat-list-entries">
                  {l.entries.toLocaleString("en")}
                  {l.skipped ? <span className="muted"> ({l.skipped.toLocaleString("en")} lines skipped)</span> : null}
                </span>
              ),
            },
            {
              header: "From",
              cell: (l) =>
                l.source === "file" ? (
                  "a file"
                ) : (
                  <>
                    <span className="mono">{l.source}</span>
                    <div className="muted">
                      fetched again every hour{l.refreshedAt ? `; last ${formatDateTime(l.refreshedAt)}` : ""}
                    </div>
                    {l.refreshError && (
                      <div style={{ color: "var(--danger)" }} data-testid="threat-list-refresh-error">
                        Last refresh failed ({l.refreshError}); its entries are kept.
                      </div>
                    )}
                  </>
                ),
            },
            {
              header: "Updated",
              cell: (l) => (
                <>
                  {formatDateTime(l.updatedAt)}
                  <div className="muted">{l.createdBy ?? "—"}</div>
                </>
              ),
            },
            ...(ws.can("alerts.triage")
              ? [
                  {
                    header: "",
                    cell: (l: { id: string }) => (
                      <Button
                        small
                        variant="danger"
                        disabled={remove.isPending}
                        onClick={() => remove.mutate({ listId: l.id })}
                      >
                        Remove
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <FormError message={remove.error ? errorText(remove.error) : null} />
      </Card>
      {ws.can("alerts.triage") && (
        <Card title="Import a list">
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              setFileError(null);
              if (file && file.size > MAX_BYTES) return setFileError("Lists are limited to 5 MB.");
              imported.mutate(file ? { name, text: await file.text() } : { name, url: url || undefined });
            }}
          >
            <Field
              id="list-name"
              label="Name"
              placeholder="Spamhaus DROP"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={failed.fields.name}
            />
            <div className="field">
              <label htmlFor="list-file">A file</label>
              <input
                id="list-file"
                type="file"
                accept=".txt,.csv,.netset,.ipset,text/plain"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
              {fileError && (
                <span className="error" role="alert">
                  {fileError}
                </span>
              )}
            </div>
            <Field
              id="list-url"
              label="…or the https:// address of a plain list"
              placeholder="https://www.spamhaus.org/drop/drop.txt"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              error={failed.fields.url}
              disabled={file !== null}
            />
            <FormError message={failed.message} />
            {imported.data && (
              <p role="status" className="muted">
                Imported {imported.data.entries.toLocaleString("en")} entries
                {imported.data.skipped
                  ? `; ${imported.data.skipped.toLocaleString("en")} lines were not addresses (first: "${imported.data.firstSkipped}")`
                  : ""}
                .
              </p>
            )}
            <Button type="submit" variant="primary" disabled={imported.isPending}>
              {imported.isPending ? "Importing…" : "Import"}
            </Button>
          </form>
        </Card>
      )}
    </>
  );
}
