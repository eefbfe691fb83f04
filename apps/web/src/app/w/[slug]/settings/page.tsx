"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PERMISSIONS, ROLE_LABELS, type Permission } from "@lantern/services/permissions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { useWorkspace } from "@/components/shell/workspace-context";
import { errorDetails, useTRPC } from "@/lib/trpc";

export default function GeneralSettingsPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.workspace.current.queryOptions());
  const [form, setForm] = useState<{
    name?: string;
    auditRetentionDays?: string;
    eventRetentionDays?: string;
    trustedProxyCidrs?: string;
    internalCidrs?: string;
    decoyPaths?: string;
  }>({});
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.workspace.update.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void queryClient.invalidateQueries({ queryKey: trpc.workspace.current.queryKey() });
      },
    }),
  );
  const { message, fields } = errorDetails(update.error);
  const data = current.data;

  return (
    <>
      {ws.can("workspace.manage") && data && (
        <Card title="Workspace">
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              setSaved(false);
              update.mutate({
                name: form.name ?? data.name,
                auditRetentionDays:
                  form.auditRetentionDays === undefined ? data.auditRetentionDays : Number(form.auditRetentionDays),
                eventRetentionDays:
                  form.eventRetentionDays === undefined ? data.eventRetentionDays : Number(form.eventRetentionDays),
                trustedProxyCidrs:
                  form.trustedProxyCidrs === undefined
                    ? data.trustedProxyCidrs
                    : form.trustedProxyCidrs.split(/[\s,]+/).filter(Boolean),
                internalCidrs:
                  form.internalCidrs === undefined
                    ? data.internalCidrs
                    : form.internalCidrs.split(/[\s,]+/).filter(Boolean),
                decoyPaths:
                  form.decoyPaths === undefined ? data.decoyPaths : form.decoyPaths.split(/\s+/).filter(Boolean),
              });
            }}
          >
            <FormError message={message} />
            <Field
              id="name"
              label="Name"
              value={form.name ?? data.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
              error={fields.name}
              hint={`Address: /w/${data.slug}`}
            />
            <Field
              id="auditRetentionDays"
              label="Keep the audit log for (days)"
              type="number"
              min={30}
              max={3650}
              value={form.auditRetentionDays ?? String(data.auditRetentionDays)}
              onChange={(e) => setForm({ ...form, auditRetentionDays: e.target.value })}
              error={fields.auditRetentionDays}
              hint="Older entries are deleted by a daily background job."
            />
            <Field
              id="eventRetentionDays"
              label="Keep API events for (days)"
              type="number"
              min={7}
              max={400}
              value={form.eventRetentionDays ?? String(data.eventRetentionDays)}
              onChange={(e) => setForm({ ...form, eventRetentionDays: e.target.value })}
              error={fields.eventRetentionDays}
              hint="At least 7. Older API events (the requests behind alerts) are deleted; the inventory, alerts and baselines stay."
            />
            <ListField
              id="trustedProxyCidrs"
              placeholder={CIDR_EXAMPLE}
              label="Trusted proxy ranges"
              value={form.trustedProxyCidrs ?? data.trustedProxyCidrs.join("\n")}
              onChange={(v) => setForm({ ...form, trustedProxyCidrs: v })}
              fields={fields}
              hint="Your load balancers' and CDN's public ranges, one per line. Private ranges are always treated as proxies. Applies to logs ingested from now on."
            />
            <ListField
              id="internalCidrs"
              placeholder={CIDR_EXAMPLE}
              label="Internal networks"
              value={form.internalCidrs ?? data.internalCidrs.join("\n")}
              onChange={(v) => setForm({ ...form, internalCidrs: v })}
              fields={fields}
              hint="Your own public ranges (offices, data centres), one per line: callers from them count as internal (east-west) in the inventory and the API map, like private addresses. Applies to uploads discovered from now on."
            />
            <ListField
              id="decoyPaths"
              label="Decoy endpoints"
              placeholder={"/v1/admin/export\n/.git/*"}
              value={form.decoyPaths ?? data.decoyPaths.join("\n")}
              onChange={(v) => setForm({ ...form, decoyPaths: v })}
              fields={fields}
              hint="Paths your APIs never use, one per line (end with * for everything under it). Any call to one raises a high-confidence alert: put them where only someone exploring would look."
            />
            <div className="row">
              <Button type="submit" variant="primary" disabled={update.isPending}>
                Save
              </Button>
              {saved && (
                <span className="muted" role="status">
                  Saved
                </span>
              )}
            </div>
          </form>
        </Card>
      )}
      <Card title={`Your role: ${ROLE_LABELS[ws.role]}`}>
        <p className="muted">What your role allows in {ws.name}:</p>
        <ul data-testid="my-permissions">
          {(Object.keys(PERMISSIONS) as Permission[])
            .filter((p) => ws.can(p))
            .map((p) => (
              <li key={p}>{PERMISSIONS[p].label}</li>
            ))}
        </ul>
      </Card>
    </>
  );
}

const CIDR_EXAMPLE = "203.0.113.0/24\n2001:db8::/32";

/** A list, one item per line (IP ranges, paths), with the server's error for each bad line. */
function ListField({
  id,
  label,
  placeholder,
  value,
  onChange,
  hint,
  fields,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onChange: (v: string) => void;
  hint: string;
  fields: Record<string, string | undefined>;
}) {
  const errors = Object.entries(fields).filter(([k]) => k.startsWith(id));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-invalid={errors.length > 0 || undefined}
      />
      <span className="hint">{hint}</span>
      {errors.map(([k, v]) => (
        <span key={k} className="error" role="alert">
          {v}
        </span>
      ))}
    </div>
  );
}
