"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Findings per OWASP API Top 10 category: where a workspace's weaknesses gather. */
export function OwaspChart({ categories }: { categories: { id: string; name: string; count: number }[] }) {
  return (
    <div style={{ width: "100%", height: 200 }} data-testid="owasp-chart">
      <ResponsiveContainer>
        <BarChart data={categories} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="id" stroke="var(--muted)" fontSize={12} />
          <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={12} />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            labelFormatter={(id) => `${id}: ${categories.find((c) => c.id === id)?.name ?? ""}`}
            formatter={(n) => [Number(n).toLocaleString("en"), "findings"]}
          />
          <Bar dataKey="count" fill="#f5b83d" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
