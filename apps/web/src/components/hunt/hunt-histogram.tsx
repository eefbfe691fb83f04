"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Bucket = { at: string; n: number; errors: number };

const label = (at: string, bucketMs: number) =>
  bucketMs >= 86_400_000 ? at.slice(5, 10) : `${at.slice(5, 10)} ${at.slice(11, 16)}`;

/** Matches over time, refusals and errors stacked in red; a click on a bar narrows the hunt to it. */
export function HuntHistogram({
  buckets,
  bucketMs,
  onPick,
}: {
  buckets: Bucket[];
  bucketMs: number;
  onPick: (from: Date, to: Date) => void;
}) {
  const data = buckets.map((b) => ({ at: b.at, label: label(b.at, bucketMs), ok: b.n - b.errors, errors: b.errors }));
  return (
    <div style={{ width: "100%", height: 180 }} data-testid="hunt-histogram">
      <ResponsiveContainer>
        <BarChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          onClick={(state) => {
            const at = data[Number(state?.activeTooltipIndex ?? -1)]?.at;
            if (at) onPick(new Date(at), new Date(new Date(at).getTime() + bucketMs));
          }}
        >
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" stroke="var(--muted)" fontSize={12} minTickGap={24} />
          <YAxis
            allowDecimals={false}
            stroke="var(--muted)"
            fontSize={12}
            tickFormatter={(n: number) => n.toLocaleString("en")}
          />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            formatter={(n, name) => [Number(n).toLocaleString("en"), name === "ok" ? "answered" : "4xx and 5xx"]}
          />
          <Bar
            dataKey="ok"
            name="matches answered 1xx–3xx"
            stackId="a"
            fill="#5b8def"
            isAnimationActive={false}
            cursor="zoom-in"
          />
          <Bar
            dataKey="errors"
            name="matches answered 4xx–5xx"
            stackId="a"
            fill="#e5534b"
            isAnimationActive={false}
            cursor="zoom-in"
          />
          <Legend verticalAlign="bottom" height={24} iconType="square" wrapperStyle={{ fontSize: 12 }} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
