"use client";

export type Severity = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

/** A lowest severity, as policies and mail settings ask for one. */
export function SeveritySelect({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: Severity;
  onChange: (value: Severity) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Severity)}>
        <option value="LOW">low</option>
        <option value="MEDIUM">medium</option>
        <option value="HIGH">high</option>
        <option value="CRITICAL">critical</option>
      </select>
    </div>
  );
}

/** Host names typed as a list ("api.example.com, pay.example.com"). */
export const hostList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter(Boolean);
