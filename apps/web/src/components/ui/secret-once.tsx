"use client";
import { useState } from "react";
import { Button } from "./button";

/** A secret (token, invitation link) shown exactly once, with a copy button. */
export function SecretOnce({
  label,
  value,
  onDone,
  kept = "Lantern keeps only a hash and cannot show it again.",
}: {
  label: string;
  value: string;
  onDone: () => void;
  /** What Lantern keeps of it, said after "Copy it now:". */
  kept?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice" role="status">
      <p>
        <strong>{label}</strong> Copy it now: {kept}
      </p>
      <div className="secret" data-testid="secret-value">
        {value}
      </div>
      <div className="row" style={{ marginTop: 10 }}>
        <Button
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
