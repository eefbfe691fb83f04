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

/** A dot where the line starts and on today, so a trend of one day is not an empty chart. */
function endDot(data: PostureDay[]) {
  return (props: { cx?: number; cy?: number; index?: number }) => {
    const i = props.index ?? 0;
    const shown = data[i]?.score !== null && (i === data.length - 1 || data[i - 1]?.score == null);
    if (!shown || props.cx === undefined || props.cy === undefined) return <g key={`dot-${i}`} />;
    return <circle key={`dot-${i}`} cx={props.cx} cy={props.cy} r={4} fill="#5b8def" />;
  };
}

/** The posture score per day: a step line, since the score only moves when findings change. */
export function PostureTrendChart({ data }: { data: PostureDay[] }) {
  const first = data.find((d) => d.score !== null);
  return (
    <div data-testid="posture-trend">
      <div style={{ width: "100%", height: 200 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis
              dataKey="day"
              tickFormatter={(d: string) => d.slice(5)}
              stroke="var(--muted)"
              fontSize={12}
              minTickGap={24}
            />
            <YAxis domain={[0, 100]} allowDecimals={false} stroke="var(--muted)" fontSize={12} />
            <Tooltip
              contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
              formatter={(value, _name, item) => {
                const d = item.payload as PostureDay;
                return [
                  `${value} (${d.critical} critical, ${d.high} high, ${d.medium} medium, ${d.low} low open)`,
                  "Score",
                ];
              }}
            />
            <Line
              type="stepAfter"
              dataKey="score"
              stroke="#5b8def"
              strokeWidth={2}
              dot={endDot(data)}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      {first && first.day === data[data.length - 1]?.day && (
        <p className="muted" style={{ margin: 0, fontSize: 13 }}>
          The trend starts today ({first.day}), the first day posture judged this workspace: one score a day from now
          on.
        </p>
      )}
    </div>
  );
}
