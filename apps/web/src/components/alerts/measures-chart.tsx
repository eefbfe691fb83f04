"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Measure = { name: string; value: number; typical: number; spread: number; basis: string };

/** Each measure beside its norm (typical plus one spread): how far out of line it was, at a glance. */
export function MeasuresChart({ measures }: { measures: Measure[] }) {
  const data = measures.map((m) => ({ name: m.name, seen: m.value, usual: m.typical + m.spread }));
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="measures-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="name" stroke="var(--muted)" fontSize={12} />
          {/* Linear from zero: recharts draws bars on a log axis from 0, so they came out flat; an order of magnitude reads well enough as a sliver beside a bar. */}
          <YAxis
            domain={[0, "auto"]}
            stroke="var(--muted)"
            fontSize={12}
            tickFormatter={(n: number) => n.toLocaleString("en")}
          />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            formatter={(n, key) => [
              Math.round(Number(n)).toLocaleString("en"),
              key === "seen" ? "seen" : "usual (typical + spread)",
            ]}
          />
          <Legend />
          <Bar dataKey="usual" name="usual" fill="#5b8def" />
          <Bar dataKey="seen" name="seen" fill="#ef5a5a" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
