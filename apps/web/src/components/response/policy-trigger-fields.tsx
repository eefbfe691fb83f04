"use client";
// The "when" of a policy form: which alerts, or which posture findings. Each
// part edits its own trigger object, so the form keeps both while someone
// switches between them and sends only the one chosen.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DETECTORS } from "@/components/alerts/alert-labels";
import { hostList, type Severity, SeveritySelect } from "@/components/response/severity-select";
import { Field } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc";

type Verdict = "ATTACK" | "SUSPICIOUS" | "BENIGN_EXPLAINED";
export type AlertTriggerInput = {
  on: "alert";
  detectors: string[];
  verdicts: Verdict[];
  minSeverity: Severity;
  hosts: string[];
  actorKinds: string[];
};
export type FindingTriggerInput = { on: "finding"; checks: string[]; minSeverity: Severity; hosts: string[] };

const ACTOR_KINDS = [
  { value: "ip", label: "address only" },
  { value: "api_key", label: "API key" },
  { value: "jwt_sub", label: "JWT subject" },
  { value: "remote_user", label: "user" },
  { value: "basic_user", label: "HTTP Basic user" },
  { value: "consumer", label: "gateway consumer" },
];

export const toggle = <T,>(list: T[], value: T, on: boolean) =>
  on ? [...list, value] : list.filter((x) => x !== value);

/** Checkboxes for a list of choices; none ticked means any. */
function Choices({
  legend,
  options,
  value,
  onChange,
}: {
  legend: string;
  options: { value: string; label: string }[];
  value: string[];
  onChange: (value: string[]) => void;
}) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <div className="checks">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input
              type="checkbox"
              checked={value.includes(o.value)}
              onChange={(e) => onChange(toggle(value, o.value, e.target.checked))}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Services typed as a list; kept as typed until the form is sent. */
function HostsField({ id, hosts, onChange }: { id: string; hosts: string[]; onChange: (hosts: string[]) => void }) {
  const [text, setText] = useState(hosts.join(", "));
  return (
    <Field
      id={id}
      label="On services (hosts; empty: any)"
      placeholder="api.example.com"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(hostList(e.target.value));
      }}
    />
  );
}

export function AlertTriggerFields({
  value: t,
  onChange,
}: {
  value: AlertTriggerInput;
  onChange: (t: AlertTriggerInput) => void;
}) {
  return (
    <>
      <Choices
        legend="When an alert is raised or grows from these detectors (none picked: any)"
        options={DETECTORS.map((d) => ({ value: d.id, label: d.label }))}
        value={t.detectors}
        onChange={(detectors) => onChange({ ...t, detectors })}
      />
      <div className="row" style={{ gap: 16, alignItems: "flex-start", flexWrap: "wrap" }}>
        <Choices
          legend="Judged"
          options={[
            { value: "ATTACK", label: "an attack" },
            { value: "SUSPICIOUS", label: "suspicious" },
          ]}
          value={t.verdicts}
          onChange={(verdicts) => onChange({ ...t, verdicts: verdicts as Verdict[] })}
        />
        <SeveritySelect
          id="policy-severity"
          label="Severity at least"
          value={t.minSeverity}
          onChange={(minSeverity) => onChange({ ...t, minSeverity })}
        />
        <HostsField id="policy-hosts" hosts={t.hosts} onChange={(hosts) => onChange({ ...t, hosts })} />
        <Choices
          legend="Callers named by (none: any)"
          options={ACTOR_KINDS}
          value={t.actorKinds}
          onChange={(actorKinds) => onChange({ ...t, actorKinds })}
        />
      </div>
    </>
  );
}

export function FindingTriggerFields({
  value: t,
  onChange,
}: {
  value: FindingTriggerInput;
  onChange: (t: FindingTriggerInput) => void;
}) {
  const trpc = useTRPC();
  const checks = useQuery(trpc.findings.checks.queryOptions());
  return (
    <>
      <Choices
        legend="When a posture check opens a finding, or opens it again (none picked: any check)"
        options={(checks.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={t.checks}
        onChange={(picked) => onChange({ ...t, checks: picked })}
      />
      <div className="row" style={{ gap: 16, alignItems: "flex-start", flexWrap: "wrap" }}>
        <SeveritySelect
          id="policy-severity"
          label="Severity at least"
          value={t.minSeverity}
          onChange={(minSeverity) => onChange({ ...t, minSeverity })}
        />
        <HostsField id="policy-hosts" hosts={t.hosts} onChange={(hosts) => onChange({ ...t, hosts })} />
      </div>
    </>
  );
}
