"use client";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS: Record<string, string> = {
  "2xx": "#3ecf8e",
  "3xx": "#5b8def",
  "4xx": "#f5b83d",
  "5xx": "#ef5a5a",
  other: "var(--muted)",
};

/** Calls by status class: a column of 4xx or 5xx is what people look for. */
export function StatusMixChart({ status }: { status: Record<string, number> }) {
  const data = Object.entries(status).map(([name, calls]) => ({ name, calls }));
  return (
    <div style={{ width: "100%", height: 200 }} data-testid="status-mix-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="name" stroke="var(--muted)" fontSize={12} />
          <YAxis
            allowDecimals={false}
            stroke="var(--muted)"
            fontSize={12}
            tickFormatter={(n: number) => n.toLocaleString("en")}
          />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            formatter={(n) => [Number(n).toLocaleString("en"), "calls"]}
          />
          <Bar dataKey="calls">
            {data.map((d) => (
              <Cell key={d.name} fill={COLORS[d.name] ?? COLORS.other} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
