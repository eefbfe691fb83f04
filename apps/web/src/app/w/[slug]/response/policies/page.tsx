"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { detectorLabel } from "@/components/alerts/alert-labels";
import { DryRunSummary } from "@/components/response/dry-run-summary";
import { PolicyForm } from "@/components/response/policy-form";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { errorText, type RouterOutputs, useTRPC } from "@/lib/trpc";

/** Response policies: what Lantern does by itself when an alert or a finding matches, tried over history before it is on. */
export default function PoliciesPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const policies = useQuery(trpc.policies.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const canManage = ws.can("policies.manage");
  return (
    <>
      {canManage &&
        (creating ? (
          <Card title="New policy">
            <PolicyForm onDone={() => setCreating(false)} />
          </Card>
        ) : (
          <div style={{ marginBottom: 16 }}>
            <Button variant="primary" onClick={() => setCreating(true)}>
              New policy
            </Button>
          </div>
        ))}
      {policies.data?.length === 0 && !creating && (
        <Card>
          <p className="muted">
            No policies yet. A policy watches new alerts (say, credential stuffing judged an attack, high or worse),
            then notifies your channels and blocks the callers at your gateways, or suggests the block for an analyst to
            confirm; or it watches new posture findings and tells the team that fixes them, with a ticket each. You see
            what it would have done over your stored history before you switch it on.
          </p>
        </Card>
      )}
      {policies.isPending && <p className="muted">Loading…</p>}
      {policies.data?.map((p) => (
        <PolicyCard key={p.id} policy={p} canManage={canManage} />
      ))}
    </>
  );
}

type Policy = RouterOutputs["policies"]["list"][number];

const SEVERITY_WORDS = { LOW: "any severity", MEDIUM: "medium or worse", HIGH: "high or worse", CRITICAL: "critical" };

/**
 * The trigger as a sentence: "Credential stuffing judged an attack, high or
 * worse, on any service." or "A finding of Credentials in URLs, high or worse,
 * on any service, opened or opened again."
 */
function triggerSentence(p: Policy, checkNames: Map<string, string>) {
  const t = p.trigger;
  const hosts = t.hosts.length ? `on ${t.hosts.join(", ")}` : "on any service";
  if (t.on === "finding") {
    const checks = t.checks.length ? `of ${t.checks.map((c) => checkNames.get(c) ?? c).join(", ")}` : "of any check";
    return `A posture finding ${checks}, ${SEVERITY_WORDS[t.minSeverity]}, ${hosts}, opened or opened again.`;
  }
  const detectors = t.detectors.length ? t.detectors.map(detectorLabel).join(", ") : "Any detector";
  const verdicts = t.verdicts
    .map((v) => (v === "ATTACK" ? "an attack" : v === "SUSPICIOUS" ? "suspicious" : "benign"))
    .join(" or ");
  const actors = t.actorKinds.length ? `, callers named by ${t.actorKinds.join(" or ")}` : "";
  return `${detectors} judged ${verdicts}, ${SEVERITY_WORDS[t.minSeverity]}, ${hosts}${actors}.`;
}

function actionSentence(p: Policy, integrations: Map<string, string>) {
  const parts: string[] = [];
  const b = p.actions.block;
  if (b) {
    const what = {
      caller: "the caller (its key or user, else its addresses)",
      addresses: "every address of the alert",
      both: "the caller and every address",
    }[b.targets];
    const verb = b.list === "RATE_LIMIT" ? "Rate-limit" : "Block";
    const how = p.mode === "AUTO" ? "at once" : "once an analyst confirms on the alert";
    parts.push(`${verb} ${what} ${p.blockHours ? `for ${p.blockHours} h` : "until removed"}, ${how}.`);
  }
  if (p.actions.notify.length)
    parts.push(`Notify ${p.actions.notify.map((id) => integrations.get(id) ?? "a removed integration").join(", ")}.`);
  return parts.join(" ");
}

function PolicyCard({ policy: p, canManage }: { policy: Policy; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const integrations = useQuery(trpc.integrations.list.queryOptions());
  const checks = useQuery(trpc.findings.checks.queryOptions());
  const names = new Map((integrations.data ?? []).map((i) => [i.id, i.name]));
  const checkNames = new Map((checks.data ?? []).map((c) => [c.id, c.name]));
  const subjects = p.trigger.on === "finding" ? "findings" : "alerts";
  const [editing, setEditing] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
  const dryRun = useMutation(trpc.policies.dryRun.mutationOptions({ onSuccess: refresh }));
  const toggle = useMutation(trpc.policies.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.policies.remove.mutationOptions({ onSuccess: refresh }));
  const failed = dryRun.error ?? toggle.error ?? remove.error;
  const acted = Object.entries(p.matches)
    .map(([state, n]) => `${n} ${state}`)
    .join(", ");
  if (editing)
    return (
      <Card title={`Change “${p.name}”`}>
        <PolicyForm policy={p} onDone={() => setEditing(false)} />
      </Card>
    );
  return (
    <section className="card" data-testid={`policy-${p.name}`}>
      <div className="row" style={{ justifyContent: "space-between", marginBottom: 8 }}>
        <h2 style={{ margin: 0 }}>
          {p.name} <Badge tone={p.enabled ? "ok" : undefined}>{p.enabled ? "on" : "off"}</Badge>{" "}
          {p.actions.block && <Badge>{p.mode === "AUTO" ? "acts automatically" : "suggests"}</Badge>}
        </h2>
        {canManage && (
          <div className="row">
            <Button small disabled={dryRun.isPending} onClick={() => dryRun.mutate({ policyId: p.id, days: 30 })}>
              {dryRun.isPending ? "Running…" : "Dry run over 30 days"}
            </Button>
            <Button
              small
              variant={p.enabled ? undefined : "primary"}
              disabled={toggle.isPending || (!p.enabled && !p.lastDryRun)}
              title={!p.enabled && !p.lastDryRun ? "Dry-run it first" : undefined}
              onClick={() => toggle.mutate({ policyId: p.id, enabled: !p.enabled })}
            >
              {p.enabled ? "Switch off" : "Switch on"}
            </Button>
            <Button small onClick={() => setEditing(true)}>
              Change
            </Button>
            <Button
              small
              variant="danger"
              onClick={() => {
                if (window.confirm(`Remove the policy ${p.name}? Its blocks stay on the lists until they expire.`))
                  remove.mutate({ policyId: p.id });
              }}
            >
              Remove
            </Button>
          </div>
        )}
      </div>
      <p>
        <strong>When</strong> {triggerSentence(p, checkNames)}
        <br />
        <strong>Then</strong> {actionSentence(p, names)}
      </p>
      <p className="muted">
        {p.enabled && p.enabledAt ? `On since ${formatDateTime(p.enabledAt)}. ` : ""}
        {acted
          ? `Acted on ${subjects}: ${acted}.`
          : p.enabled
            ? `It has not matched ${p.trigger.on === "finding" ? "a new finding" : "a new alert"} yet.`
            : ""}
      </p>
      {p.lastDryRun ? (
        <DryRunSummary run={p.lastDryRun} policy={p} />
      ) : (
        <p className="muted" data-testid="no-dry-run">
          Not tried yet: run it over the stored history to see what it would have done, then switch it on.
        </p>
      )}
      <FormError message={failed ? errorText(failed) : null} />
    </section>
  );
}
