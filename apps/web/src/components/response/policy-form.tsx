"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import {
  type AlertTriggerInput,
  AlertTriggerFields,
  type FindingTriggerInput,
  FindingTriggerFields,
  toggle,
} from "@/components/response/policy-trigger-fields";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, type RouterOutputs, useTRPC } from "@/lib/trpc";

type Policy = RouterOutputs["policies"]["list"][number];
type BlockChoice = "none" | "BLOCK" | "RATE_LIMIT";
type Targets = "caller" | "addresses" | "both";

const HOURS = [1, 6, 24, 72, 168, 720];
const NEW_ALERT_TRIGGER: AlertTriggerInput = {
  on: "alert",
  detectors: ["credential-stuffing"],
  verdicts: ["ATTACK"],
  minSeverity: "HIGH",
  hosts: [],
  actorKinds: [],
};
const NEW_FINDING_TRIGGER: FindingTriggerInput = { on: "finding", checks: [], minSeverity: "HIGH", hosts: [] };

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
  const stored = policy?.trigger;
  const [on, setOn] = useState<"alert" | "finding">(stored?.on ?? "alert");
  const [alertTrigger, setAlertTrigger] = useState(stored?.on === "alert" ? stored : NEW_ALERT_TRIGGER);
  const [findingTrigger, setFindingTrigger] = useState(stored?.on === "finding" ? stored : NEW_FINDING_TRIGGER);
  const [name, setName] = useState(policy?.name ?? "");
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
  // A finding names an endpoint, not a caller: finding policies only notify.
  const blocking = on === "alert" && block !== "none";
  const input = {
    name,
    trigger: on === "alert" ? alertTrigger : findingTrigger,
    actions: { notify, block: blocking ? { list: block as "BLOCK" | "RATE_LIMIT", targets } : null },
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
        <legend>Reacts to</legend>
        <div className="row">
          <label className="checkbox">
            <input type="radio" name="policy-on" checked={on === "alert"} onChange={() => setOn("alert")} />
            alerts: abuse of the APIs
          </label>
          <label className="checkbox">
            <input type="radio" name="policy-on" checked={on === "finding"} onChange={() => setOn("finding")} />
            posture findings: weaknesses of the APIs
          </label>
        </div>
      </fieldset>
      {on === "alert" ? (
        <AlertTriggerFields value={alertTrigger} onChange={setAlertTrigger} />
      ) : (
        <FindingTriggerFields value={findingTrigger} onChange={setFindingTrigger} />
      )}
      {on === "alert" && (
        <div className="row" style={{ gap: 16, alignItems: "flex-start", flexWrap: "wrap" }}>
          <div className="field">
            <label htmlFor="policy-block">Then</label>
            <select id="policy-block" value={block} onChange={(e) => setBlock(e.target.value as BlockChoice)}>
              <option value="none">only notify</option>
              <option value="BLOCK">block</option>
              <option value="RATE_LIMIT">rate-limit</option>
            </select>
          </div>
          {blocking && (
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
      )}
      <fieldset className="field">
        <legend>{on === "finding" ? "Then notify (a ticket tool opens one ticket per finding)" : "Notify"}</legend>
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
