"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SignInActivityDay } from "@lantern/services/audit";

const COLORS = { succeeded: "#3ecf8e", failed: "#ef5a5a", blocked: "#f5b83d" };

/** Successful, failed and rate-limited sign-ins per day: a brute-force run shows as a red and amber spike. */
export function SignInChart({ data }: { data: SignInActivityDay[] }) {
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="sign-in-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} stroke="var(--muted)" fontSize={12} />
          <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={12} />
          <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
          <Legend />
          <Bar dataKey="succeeded" name="Signed in" stackId="a" fill={COLORS.succeeded} />
          <Bar dataKey="failed" name="Failed" stackId="a" fill={COLORS.failed} />
          <Bar dataKey="blocked" name="Blocked by rate limit" stackId="a" fill={COLORS.blocked} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
