"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Events per day of traffic: gaps show days a source stopped sending, spikes show bursts. */
export function EventsPerDayChart({ data }: { data: { day: string; events: number }[] }) {
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="events-per-day-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#2a3550" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} stroke="#97a3bd" fontSize={12} />
          <YAxis
            allowDecimals={false}
            stroke="#97a3bd"
            fontSize={12}
            tickFormatter={(n: number) => n.toLocaleString("en")}
          />
          <Tooltip
            contentStyle={{ background: "#161d2d", border: "1px solid #2a3550" }}
            formatter={(n) => [Number(n).toLocaleString("en"), "events"]}
          />
          <Bar dataKey="events" name="Events" fill="#5b8def" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
