// What a block or allow entry names: an address range, or a caller by one
// of its identities. Ranges are validated here and written in canonical form
// by Postgres (network()), so what reaches a gateway's file is a range and
// nothing else; ranges wider than a /8 (IPv4) or /32 (IPv6) are refused, as a
// typo there would cut off a large part of the internet.
import { type Prisma, Prisma as Sql } from "@lantern/db/client";
import { parseCidr, parseIp } from "@lantern/engine/normalize/ip";
import { z } from "zod";
import { AppError } from "../errors";

export const TARGET_KINDS = ["cidr", "remote_user", "basic_user", "consumer", "jwt_sub", "api_key"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const TARGET_KIND_LABEL: Record<TargetKind, string> = {
  cidr: "address range",
  remote_user: "user",
  basic_user: "user (HTTP Basic)",
  consumer: "gateway consumer",
  jwt_sub: "user (JWT subject)",
  api_key: "API key",
};

export const ZTarget = z.object({
  kind: z.enum(TARGET_KINDS),
  value: z.string().trim().min(1).max(256),
});
export type Target = z.output<typeof ZTarget>;

const WIDEST = { 4: 8, 6: 32 } as const;

/** The target in canonical form with its label; BAD_REQUEST with the reason when it is no range. */
export async function canonicalTarget(
  tx: Prisma.TransactionClient,
  target: Target,
  label?: string,
): Promise<Target & { label: string }> {
  if (target.kind !== "cidr")
    return { ...target, label: label?.trim() || `${TARGET_KIND_LABEL[target.kind]} ${target.value}` };
  const cidr = target.value.includes("/") ? parseCidr(target.value) : null;
  const ip = cidr ? null : parseIp(target.value);
  const version = cidr?.version ?? ip?.version;
  if (!version || (target.value.includes("/") && !/\/\d{1,3}$/.test(target.value)))
    throw new AppError("BAD_REQUEST", `"${target.value}" is not an address or a range (203.0.113.7, 203.0.113.0/24).`);
  if (cidr && cidr.prefix < WIDEST[version])
    throw new AppError(
      "BAD_REQUEST",
      `A /${cidr.prefix} is too wide to block: ranges stop at /${WIDEST[version]} for IPv${version}.`,
    );
  const [row] = await tx.$queryRaw<{ value: string }[]>(
    Sql.sql`SELECT network(${ip ? ip.text : target.value}::inet)::text AS value`,
  );
  return { kind: "cidr", value: row!.value, label: row!.value };
}

/** SQL matching stored events against a target (client_ip within the range, or the identity among its identities). */
export function eventsMatching(target: Target): Prisma.Sql {
  if (target.kind === "cidr") return Sql.sql`client_ip <<= ${target.value}::inet`;
  // Secrets are stored by their keyed hash (engine/normalize/secrets.ts), names by value.
  const identity =
    target.kind === "api_key"
      ? { kind: target.kind, secret: { hash: target.value } }
      : { kind: target.kind, value: target.value };
  return Sql.sql`identities @> ${JSON.stringify([identity])}::jsonb`;
}

/** Stored requests in the window from any of the targets: one scan, addresses matched as one array. */
export async function requestsFrom(
  tx: Prisma.TransactionClient,
  tenantId: string,
  targets: Target[],
  from: Date,
  to: Date,
) {
  if (targets.length === 0) return 0;
  const addresses = targets.filter((t) => t.kind === "cidr" && !t.value.includes("/")).map((t) => t.value);
  const others = targets.filter((t) => t.kind !== "cidr" || t.value.includes("/"));
  const conditions = [
    ...(addresses.length ? [Sql.sql`client_ip = ANY(${addresses}::inet[])`] : []),
    ...others.map(eventsMatching),
  ];
  const [row] = await tx.$queryRaw<{ n: number }[]>(Sql.sql`
    SELECT count(*)::int AS n FROM telemetry.events
    WHERE tenant_id = ${tenantId} AND ts >= ${from} AND ts <= ${to} AND (${Sql.join(conditions, " OR ")})`);
  return row?.n ?? 0;
}

/** The last `days` of the workspace's traffic time (its newest upload's end), so an old log is judged against its own days. */
export async function trafficWindow(tx: Prisma.TransactionClient, tenantId: string, days: number) {
  const [latest] = await tx.$queryRaw<{ at: Date | null }[]>(
    Sql.sql`SELECT max("timeTo") AS at FROM uploads WHERE "tenantId" = ${tenantId}`,
  );
  const to = latest?.at ?? new Date();
  return { from: new Date(to.getTime() - days * 86_400_000), to };
}
