"use client";
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

type Point = { at: Date; calls: number; clientErrors: number; serverErrors: number };

/** The start of the hour or day a moment falls in: the point it is drawn at. */
const startOf = (at: Date, step: "hour" | "day") => {
  const size = step === "day" ? 86_400_000 : 3_600_000;
  return new Date(Math.floor(new Date(at).getTime() / size) * size);
};
/** The point after the one a span ends in, when drawn (so a span inside one hour still shows as a band), else its own. */
function shadeEnd(labels: string[], to: Date, step: "hour" | "day"): string {
  const last = startOf(to, step);
  const next = label(new Date(last.getTime() + (step === "day" ? 86_400_000 : 3_600_000)), step);
  return labels.includes(next) ? next : label(last, step);
}
const label = (at: Date, step: "hour" | "day") =>
  step === "day"
    ? at.toISOString().slice(5, 10)
    : `${at.toISOString().slice(5, 10)} ${at.toISOString().slice(11, 13)}h`;

/** Calls over time, split into answered, 4xx and 5xx, stacked: a spike of red is a problem, of blue a busy hour. */
export function TrafficChart({
  points,
  step,
  testId = "traffic-chart",
  names = { clientErrors: "4xx", serverErrors: "5xx" },
  highlights = [],
}: {
  points: Point[];
  step: "hour" | "day";
  testId?: string;
  /** What the two error series are (an actor's chart splits refusals from other errors). */
  names?: { clientErrors: string; serverErrors: string };
  /** Spans to shade (alerts'), each with its label. */
  highlights?: { from: Date; to: Date; label: string }[];
}) {
  const data = points.map((p) => ({
    at: label(new Date(p.at), step),
    ok: p.calls - p.clientErrors - p.serverErrors,
    clientErrors: p.clientErrors,
    serverErrors: p.serverErrors,
  }));
  return (
    // Each bucket's count drawn as a step: a day's calls are a level over the day, not a point a curve swings through.
    <div style={{ width: "100%", height: 244 }} data-testid={testId}>
      <ResponsiveContainer>
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="at" stroke="var(--muted)" fontSize={12} minTickGap={24} />
          <YAxis
            allowDecimals={false}
            stroke="var(--muted)"
            fontSize={12}
            tickFormatter={(n: number) => n.toLocaleString("en")}
          />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            formatter={(n, name) => [Number(n).toLocaleString("en"), name]}
          />
          <Area
            type="stepAfter"
            dataKey="ok"
            name={`Calls per ${step} (other)`}
            stackId="1"
            stroke="#5b8def"
            fill="#5b8def"
            fillOpacity={0.35}
            isAnimationActive={false}
          />
          <Area
            type="stepAfter"
            dataKey="clientErrors"
            name={names.clientErrors}
            stackId="1"
            stroke="#f5b83d"
            fill="#f5b83d"
            fillOpacity={0.5}
            isAnimationActive={false}
          />
          <Area
            type="stepAfter"
            dataKey="serverErrors"
            name={names.serverErrors}
            stackId="1"
            stroke="#ef5a5a"
            fill="#ef5a5a"
            fillOpacity={0.6}
            isAnimationActive={false}
          />
          <Legend verticalAlign="bottom" height={24} iconType="square" wrapperStyle={{ fontSize: 12 }} />
          {highlights.map((h) => (
            <ReferenceArea
              key={`${h.label}:${new Date(h.from).getTime()}`}
              x1={label(startOf(h.from, step), step)}
              x2={shadeEnd(
                data.map((d) => d.at),
                h.to,
                step,
              )}
              fill="#ef5a5a"
              fillOpacity={0.12}
              stroke="#ef5a5a"
              strokeOpacity={0.5}
              label={{ value: h.label, position: "insideTop", fill: "#ef5a5a", fontSize: 12 }}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
