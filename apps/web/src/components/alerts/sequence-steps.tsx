// The call-sequence detector's evidence as a table: each unusual step the
// actor took, how often, and what its peers call after the same endpoint.
import { Table } from "@/components/ui/table";

type Step = { from: string; to: string; times: number; share: number; usual: { to: string; share: number }[] };

const percent = (x: number) => (x === 0 ? "never" : x < 0.001 ? "<0.1%" : `${Math.round(x * 1000) / 10}%`);

/** Reads the facts the engine's sequence detector writes; anything else shows nothing. */
export function SequenceSteps({ facts }: { facts: Record<string, unknown> }) {
  const steps = Array.isArray(facts.top) ? (facts.top as Step[]) : [];
  if (!steps.length) return null;
  return (
    <Table
      rows={steps.map((s) => ({ ...s, id: `${s.from} ${s.to}` }))}
      columns={[
        {
          header: "Step it took",
          cell: (s) => (
            <span className="mono">
              {s.from} → {s.to}
            </span>
          ),
        },
        { header: "Times in the hour", cell: (s) => s.times.toLocaleString("en") },
        { header: "Its peers take it", cell: (s) => percent(s.share) },
        {
          header: "Its peers call next instead",
          cell: (s) => (
            <>
              {s.usual.map((u) => (
                <div key={u.to}>
                  <span className="mono">{u.to}</span> {percent(u.share)}
                </div>
              ))}
            </>
          ),
        },
      ]}
    />
  );
}
