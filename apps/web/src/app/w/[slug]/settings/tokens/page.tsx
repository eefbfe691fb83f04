"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { SecretOnce } from "@/components/ui/secret-once";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { RequiresPermission } from "@/components/shell/requires-permission";
import { errorDetails, useTRPC } from "@/lib/trpc";
import type { TokenScope } from "@lantern/services/tokens";

const SCOPES = [
  { value: "ingest", label: "ingest: send logs" },
  { value: "read", label: "read: query the inventory, uploads, findings and alerts" },
  { value: "blocklist", label: "blocklist: pull the block and rate-limit lists, nothing else (for gateways)" },
] as const;

export default function TokensPage() {
  return (
    <RequiresPermission permission="tokens.manage" what="manage API tokens">
      <Tokens />
    </RequiresPermission>
  );
}

function Tokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TokenScope[]>(["ingest"]);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (t) => {
        setCreated(t);
        setName("");
        refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSettled: refresh }));
  const { message, fields } = errorDetails(create.error);

  return (
    <>
      <Card title="Create an API token">
        <p className="muted">
          Tokens authenticate the REST API (<code>Authorization: Bearer …</code>) for this workspace only. See{" "}
          <a href="/api/v1/openapi.json">the OpenAPI document</a>.
        </p>
        {created && (
          <SecretOnce label={`Token “${created.name}”.`} value={created.token} onDone={() => setCreated(null)} />
        )}
        <form
          noValidate
          aria-label="Create an API token"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name, scopes });
          }}
        >
          <FormError message={message} />
          <Field
            id="token-name"
            label="Name"
            placeholder="fluent-bit prod"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fields.name}
          />
          <fieldset className="field" style={{ border: 0, padding: 0 }}>
            <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>Scopes</legend>
            <div>
              {SCOPES.map((s) => (
                <label key={s.value} className="checkbox">
                  <input
                    type="checkbox"
                    checked={scopes.includes(s.value)}
                    onChange={(e) =>
                      setScopes(e.target.checked ? [...scopes, s.value] : scopes.filter((x) => x !== s.value))
                    }
                  />
                  {s.label}
                </label>
              ))}
            </div>
            {fields.scopes && (
              <span className="error" role="alert">
                {fields.scopes}
              </span>
            )}
          </fieldset>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create token
          </Button>
        </form>
      </Card>
      <Card title="Tokens">
        <Table
          rows={tokens.data ?? []}
          empty="No API tokens yet."
          columns={[
            {
              header: "Name",
              cell: (t) => (
                <>
                  <strong>{t.name}</strong>
                  <div className="mono muted">{t.displayPrefix}…</div>
                </>
              ),
            },
            {
              header: "Scopes",
              cell: (t) => (
                <div className="row">
                  {t.scopes.map((s) => (
                    <Badge key={s}>{s}</Badge>
                  ))}
                </div>
              ),
            },
            {
              header: "Created",
              cell: (t) => (
                <>
                  {formatDateTime(t.createdAt)}
                  {t.createdBy && <div className="muted">by {t.createdBy}</div>}
                </>
              ),
            },
            {
              header: "Last used",
              cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : <span className="muted">never</span>),
            },
            {
              header: "",
              width: "120px",
              cell: (t) =>
                t.revokedAt ? (
                  <Badge tone="danger">revoked</Badge>
                ) : (
                  <Button
                    small
                    variant="danger"
                    onClick={() =>
                      confirm(`Revoke “${t.name}”? Anything using it stops working.`) &&
                      revoke.mutate({ tokenId: t.id })
                    }
                  >
                    Revoke
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
