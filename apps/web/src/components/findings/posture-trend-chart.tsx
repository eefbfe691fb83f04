"use client";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type PostureDay = {
  day: string;
  score: number | null;
  critical: number;
  high: number;
  medium: number;
  low: number;
};

/** The posture score per day: a step line, since the score only moves when findings change. */
export function PostureTrendChart({ data }: { data: PostureDay[] }) {
  return (
    <div style={{ width: "100%", height: 200 }} data-testid="posture-trend">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#2a3550" vertical={false} />
          <XAxis
            dataKey="day"
            tickFormatter={(d: string) => d.slice(5)}
            stroke="#97a3bd"
            fontSize={12}
            minTickGap={24}
          />
          <YAxis domain={[0, 100]} allowDecimals={false} stroke="#97a3bd" fontSize={12} />
          <Tooltip
            contentStyle={{ background: "#161d2d", border: "1px solid #2a3550" }}
            formatter={(value, _name, item) => {
              const d = item.payload as PostureDay;
              return [
                `${value} (${d.critical} critical, ${d.high} high, ${d.medium} medium, ${d.low} low open)`,
                "Score",
              ];
            }}
          />
          <Line type="stepAfter" dataKey="score" stroke="#5b8def" strokeWidth={2} dot={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
