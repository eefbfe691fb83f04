// Writing thousands of rows in one statement. Prisma's createMany and
// per-row updates cost seconds per thousand rows with JSON columns (measured
// in bench/discovery.ts --wide: 13 s to create 5,000 endpoints); here the
// rows travel as one JSON parameter that Postgres expands with
// jsonb_populate_recordset, so values are never spliced into SQL. Table and
// column names are checked against a strict identifier pattern and are only
// ever written in code. Dates become ISO strings, which Postgres reads as UTC
// into Prisma's timestamp(3) columns; BigInt columns take plain numbers.
import type { Prisma } from "./client";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CHUNK = 1_000;

type Row = Record<string, unknown>;

function columnsOf(table: string, rows: Row[]): string[] {
  if (!IDENTIFIER.test(table)) throw new Error(`bulk: bad table name ${table}`);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  for (const c of columns) if (!IDENTIFIER.test(c)) throw new Error(`bulk: bad column name ${c}`);
  return columns;
}

const quoted = (c: string) => `"${c}"`;

/**
 * Inserts rows into `table` (keys named as the table's columns; a key a row
 * lacks is NULL). `updatedAt`, which Prisma fills in its client, is set when
 * asked; `onConflict` is the statement's ON CONFLICT clause, written in code.
 */
export async function insertRows(
  tx: Prisma.TransactionClient,
  table: string,
  rows: Iterable<Row>,
  options: { updatedAt?: boolean; onConflict?: string } = {},
): Promise<void> {
  // Rows may come from a generator: they are drawn a chunk at a time, never all held at once.
  let chunk: Row[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === CHUNK) {
      await insertChunk(tx, table, chunk, options);
      chunk = [];
    }
  }
  if (chunk.length) await insertChunk(tx, table, chunk, options);
}

async function insertChunk(tx: Prisma.TransactionClient, table: string, rows: Row[], options: { updatedAt?: boolean; onConflict?: string }): Promise<void> {
  const columns = columnsOf(table, rows);
  const targets = [...columns, ...(options.updatedAt ? ["updatedAt"] : [])].map(quoted).join(", ");
  const values = [...columns.map((c) => `r.${quoted(c)}`), ...(options.updatedAt ? ["$2::timestamp"] : [])].join(", ");
  await tx.$executeRawUnsafe(
    `INSERT INTO ${table} (${targets}) SELECT ${values} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) AS r` +
      (options.onConflict ? ` ON CONFLICT ${options.onConflict}` : ""),
    JSON.stringify(rows),
    ...(options.updatedAt ? [new Date().toISOString()] : []),
  );
}

/**
 * Sets columns of rows of `table` found by `id` within one tenant (every row
 * with the same keys; `updatedAt` set too).
 */
export async function updateRows(tx: Prisma.TransactionClient, table: string, tenantId: string, rows: ({ id: string } & Row)[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = columnsOf(table, rows).filter((c) => c !== "id");
  const set = [...columns.map((c) => `${quoted(c)} = r.${quoted(c)}`), `"updatedAt" = $3::timestamp`].join(", ");
  const now = new Date().toISOString();
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx.$executeRawUnsafe(
      `UPDATE ${table} AS t SET ${set} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) AS r WHERE t.id = r.id AND t."tenantId" = $2`,
      JSON.stringify(rows.slice(i, i + CHUNK)),
      tenantId,
      now,
    );
  }
}
