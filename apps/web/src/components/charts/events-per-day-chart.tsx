"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Events per day of traffic: gaps show days a source stopped sending, spikes show bursts. */
export function EventsPerDayChart({ data }: { data: { day: string; events: number }[] }) {
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="events-per-day-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} stroke="var(--muted)" fontSize={12} />
          <YAxis
            allowDecimals={false}
            stroke="var(--muted)"
            fontSize={12}
            tickFormatter={(n: number) => n.toLocaleString("en")}
          />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            formatter={(n) => [Number(n).toLocaleString("en"), "events"]}
          />
          <Bar dataKey="events" name="Events" fill="#5b8def" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
