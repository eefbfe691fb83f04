"use client";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS: Record<string, string> = {
  "2xx": "#3ecf8e",
  "3xx": "#5b8def",
  "4xx": "#f5b83d",
  "5xx": "#ef5a5a",
  other: "#97a3bd",
};

/** Calls by status class: a column of 4xx or 5xx is what people look for. */
export function StatusMixChart({ status }: { status: Record<string, number> }) {
  const data = Object.entries(status).map(([name, calls]) => ({ name, calls }));
  return (
    <div style={{ width: "100%", height: 200 }} data-testid="status-mix-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#2a3550" vertical={false} />
          <XAxis dataKey="name" stroke="#97a3bd" fontSize={12} />
          <YAxis
            allowDecimals={false}
            stroke="#97a3bd"
            fontSize={12}
            tickFormatter={(n: number) => n.toLocaleString("en")}
          />
          <Tooltip
            contentStyle={{ background: "#161d2d", border: "1px solid #2a3550" }}
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
