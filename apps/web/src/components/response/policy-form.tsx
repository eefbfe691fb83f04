"use client";
import { hostList, SeveritySelect } from "@/components/response/severity-select";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { DETECTORS } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, type RouterOutputs, useTRPC } from "@/lib/trpc";

type Policy = RouterOutputs["policies"]["list"][number];
type Severity = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
type Verdict = "ATTACK" | "SUSPICIOUS" | "BENIGN_EXPLAINED";
type BlockChoice = "none" | "BLOCK" | "RATE_LIMIT";
type Targets = "caller" | "addresses" | "both";

const ACTOR_KINDS = [
  { value: "ip", label: "address only" },
  { value: "api_key", label: "API key" },
  { value: "jwt_sub", label: "JWT subject" },
  { value: "remote_user", label: "user" },
  { value: "basic_user", label: "HTTP Basic user" },
  { value: "consumer", label: "gateway consumer" },
];
const HOURS = [1, 6, 24, 72, 168, 720];

/** A new policy, or a change to one; saved, then tried over 30 days of history at once so the result is in view. */
export function PolicyForm({ policy, onDone }: { policy?: Policy; onDone: () => void }) {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const integrations = useQuery({
    ...trpc.integrations.list.queryOptions(),
    // Edge lists mirror the block list; they are not told of alerts.
    select: (rows) => rows.filter((i) => i.mirrors === null),
  });
  const [name, setName] = useState(policy?.name ?? "");
  const [detectors, setDetectors] = useState<string[]>(policy?.trigger.detectors ?? ["credential-stuffing"]);
  const [verdicts, setVerdicts] = useState<Verdict[]>(policy?.trigger.verdicts ?? ["ATTACK"]);
  const [minSeverity, setMinSeverity] = useState<Severity>(policy?.trigger.minSeverity ?? "HIGH");
  const [hosts, setHosts] = useState((policy?.trigger.hosts ?? []).join(", "));
  const [actorKinds, setActorKinds] = useState<string[]>(policy?.trigger.actorKinds ?? []);
  const [block, setBlock] = useState<BlockChoice>(policy ? (policy.actions.block?.list ?? "none") : "BLOCK");
  const [targets, setTargets] = useState<Targets>(policy?.actions.block?.targets ?? "addresses");
  const [hours, setHours] = useState<number | null>(policy ? policy.blockHours : 24);
  const [mode, setMode] = useState<"SUGGEST" | "AUTO">(policy?.mode ?? "SUGGEST");
  const [notify, setNotify] = useState<string[]>(policy?.actions.notify ?? []);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
  const dryRun = useMutation(trpc.policies.dryRun.mutationOptions({ onSettled: refresh }));
  const afterSave = (saved: { id: string }) => {
    dryRun.mutate({ policyId: saved.id, days: 30 });
    onDone();
  };
  const create = useMutation(trpc.policies.create.mutationOptions({ onSuccess: afterSave }));
  const update = useMutation(trpc.policies.update.mutationOptions({ onSuccess: afterSave }));
  const saving = create.isPending || update.isPending;
  const { message, fields } = errorDetails(create.error ?? update.error);
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));

  const input = {
    name,
    trigger: {
      detectors,
      verdicts,
      minSeverity,
      hosts: hostList(hosts),
      actorKinds,
    },
    actions: { notify, block: block === "none" ? null : { list: block, targets } },
    mode,
    blockHours: hours,
  };
  return (
    <form
      noValidate
      aria-label={policy ? "Change the policy" : "New policy"}
      onSubmit={(e) => {
        e.preventDefault();
        if (policy) update.mutate({ ...input, policyId: policy.id });
        else create.mutate(input);
      }}
    >
      <FormError message={message ?? fields.actions ?? null} />
      <Field
        id="policy-name"
        label="Name"
        placeholder="Block credential stuffing"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fields.name}
      />
      <fieldset className="field">
        <legend>When an alert is raised or grows from these detectors (none picked: any)</legend>
        <div className="checks">
          {DETECTORS.map((d) => (
            <label key={d.id} className="checkbox">
              <input
                type="checkbox"
                checked={detectors.includes(d.id)}
                onChange={(e) => setDetectors(toggle(detectors, d.id, e.target.checked))}
              />
              {d.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="row" style={{ gap: 16, alignItems: "flex-start", flexWrap: "wrap" }}>
        <fieldset className="field">
          <legend>Judged</legend>
          {(["ATTACK", "SUSPICIOUS"] as const).map((v) => (
            <label key={v} className="checkbox">
              <input
                type="checkbox"
                checked={verdicts.includes(v)}
                onChange={(e) => setVerdicts(toggle(verdicts, v, e.target.checked))}
              />
              {v === "ATTACK" ? "an attack" : "suspicious"}
            </label>
          ))}
        </fieldset>
        <SeveritySelect id="policy-severity" label="Severity at least" value={minSeverity} onChange={setMinSeverity} />
        <Field
          id="policy-hosts"
          label="On services (hosts; empty: any)"
          placeholder="api.example.com"
          value={hosts}
          onChange={(e) => setHosts(e.target.value)}
        />
        <fieldset className="field">
          <legend>Callers named by (none: any)</legend>
          {ACTOR_KINDS.map((k) => (
            <label key={k.value} className="checkbox">
              <input
                type="checkbox"
                checked={actorKinds.includes(k.value)}
                onChange={(e) => setActorKinds(toggle(actorKinds, k.value, e.target.checked))}
              />
              {k.label}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="row" style={{ gap: 16, alignItems: "flex-start", flexWrap: "wrap" }}>
        <div className="field">
          <label htmlFor="policy-block">Then</label>
          <select id="policy-block" value={block} onChange={(e) => setBlock(e.target.value as BlockChoice)}>
            <option value="none">only notify</option>
            <option value="BLOCK">block</option>
            <option value="RATE_LIMIT">rate-limit</option>
          </select>
        </div>
        {block !== "none" && (
          <>
            <div className="field">
              <label htmlFor="policy-targets">What</label>
              <select id="policy-targets" value={targets} onChange={(e) => setTargets(e.target.value as Targets)}>
                <option value="addresses">every address of the alert</option>
                <option value="caller">the caller (its key or user, else its addresses)</option>
                <option value="both">the caller and every address</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="policy-hours">For</label>
              <select
                id="policy-hours"
                value={hours ?? "forever"}
                onChange={(e) => setHours(e.target.value === "forever" ? null : Number(e.target.value))}
              >
                {HOURS.map((h) => (
                  <option key={h} value={h}>
                    {h < 24 ? `${h} hour${h === 1 ? "" : "s"}` : `${h / 24} day${h === 24 ? "" : "s"}`}
                  </option>
                ))}
                <option value="forever">until removed</option>
              </select>
            </div>
            <fieldset className="field">
              <legend>Mode</legend>
              <label className="checkbox">
                <input
                  type="radio"
                  name="policy-mode"
                  checked={mode === "SUGGEST"}
                  onChange={() => setMode("SUGGEST")}
                />
                suggest: an analyst confirms on the alert
              </label>
              <label className="checkbox">
                <input type="radio" name="policy-mode" checked={mode === "AUTO"} onChange={() => setMode("AUTO")} />
                automatic: block at once
              </label>
            </fieldset>
          </>
        )}
      </div>
      <fieldset className="field">
        <legend>Notify</legend>
        {(integrations.data ?? []).length === 0 ? (
          <span className="muted">
            No integrations yet: <Link href={ws.href("/settings/integrations")}>connect one</Link> to be told.
          </span>
        ) : (
          integrations.data!.map((i) => (
            <label key={i.id} className="checkbox">
              <input
                type="checkbox"
                checked={notify.includes(i.id)}
                onChange={(e) => setNotify(toggle(notify, i.id, e.target.checked))}
              />
              {i.name} <span className="muted">({i.kindLabel})</span>
            </label>
          ))
        )}
      </fieldset>
      {policy?.enabled && (
        <p className="muted">
          Saving a change switches the policy off until you switch it on again after its new dry run.
        </p>
      )}
      <div className="row">
        <Button type="submit" variant="primary" disabled={saving}>
          {policy ? "Save and dry-run" : "Create and dry-run"}
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
