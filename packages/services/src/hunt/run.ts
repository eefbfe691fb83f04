// What every part of a hunt shares: its input (a query and a time range),
// the compiled condition with the tenant and the range written by Lantern,
// and the transaction each part runs in, with a statement timeout so a
// broad hunt cannot hold the database.
import { type Prisma, Prisma as Sql, withTenant } from "@lantern/db/client";
import { HuntQueryError, parseHunt } from "@lantern/engine/hunt/query";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { AppError } from "../errors";
import { compileHunt, SERVICE_SQL } from "./compile";
import { huntLookups } from "./lookups";

export const DAY = 86_400_000;
/** The longest range one hunt reads: the longest retention a workspace can set. */
const MAX_SPAN_DAYS = 400;
/** A hunt's statements stop after this long; the page says to narrow the range. */
const STATEMENT_TIMEOUT_MS = 25_000;

export const ZHunt = z
  .object({
    q: z.string().max(2_000).default(""),
    from: z.coerce.date(),
    to: z.coerce.date(),
  })
  .refine((h) => h.from < h.to, { message: "The range ends before it starts.", path: ["to"] })
  .refine((h) => h.to.getTime() - h.from.getTime() <= MAX_SPAN_DAYS * DAY, {
    message: `A hunt covers at most ${MAX_SPAN_DAYS} days.`,
    path: ["from"],
  });
export type HuntInput = z.input<typeof ZHunt>;

export const ZHuntRows = ZHunt.and(z.object({ limit: z.number().int().min(10).max(500).default(100) }));

export type Compiled = { where: Prisma.Sql; pipe: ReturnType<typeof parseHunt>["pipe"]; from: Date; to: Date };

/** Parses and compiles the hunt inside `tx`; a bad query is a BAD_REQUEST naming the position. */
export async function compiled(
  tx: Prisma.TransactionClient,
  tenantId: string,
  input: z.output<typeof ZHunt>,
): Promise<Compiled> {
  try {
    const parsed = parseHunt(input.q);
    const where = await compileHunt(parsed.where, huntLookups(tx, tenantId));
    return {
      where: Sql.sql`tenant_id = ${tenantId} AND ts >= ${input.from} AND ts < ${input.to} AND ${where}`,
      pipe: parsed.pipe,
      from: input.from,
      to: input.to,
    };
  } catch (error) {
    if (error instanceof HuntQueryError)
      throw new AppError("BAD_REQUEST", `${error.message} (at character ${error.position + 1})`);
    throw error;
  }
}

/** Runs `read` in the workspace's transaction with the hunt's statement timeout; a timeout says what to do. */
export async function hunting<T>(
  ctx: ServiceContext,
  tenantId: string,
  read: (tx: Prisma.TransactionClient) => Promise<T>,
) {
  try {
    return await withTenant(
      ctx.db,
      tenantId,
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
        return read(tx);
      },
      { timeoutMs: STATEMENT_TIMEOUT_MS + 5_000 },
    );
  } catch (error) {
    if (String((error as Error).message).includes("statement timeout"))
      throw new AppError(
        "BAD_REQUEST",
        `This hunt read for more than ${STATEMENT_TIMEOUT_MS / 1000} s: narrow the time range or add a field (an actor, an address, a path).`,
      );
    throw error;
  }
}

/** A stored request as hunting shows and exports it. */
export type HuntEvent = {
  ts: Date;
  uploadId: string;
  line: number;
  method: string;
  host: string | null;
  path: string;
  status: number | null;
  ip: string | null;
  country: string | null;
  userAgent: string | null;
  referer: string | null;
  responseBytes: number | null;
  latencyMs: number | null;
};

/** The columns of a HuntEvent, for a SELECT over telemetry.events. */
export const HUNT_EVENT_SQL = Sql.sql`ts, upload_id AS "uploadId", line_no AS line, method, ${SERVICE_SQL} AS host, path,
  status, host(client_ip) AS ip, country, user_agent AS "userAgent", referer,
  response_bytes::float8 AS "responseBytes", latency_ms AS "latencyMs"`;
