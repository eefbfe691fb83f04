// Writing thousands of rows in one statement. Prisma's createMany and
// per-row updates cost seconds per thousand rows with JSON columns (measured
// in bench/discovery.ts --wide: 13 s to create 5,000 endpoints). Inserts send
// one array per column and Postgres unnests them: values are never spliced
// into SQL, and against the earlier one-JSON-document-per-chunk form
// (jsonb_populate_recordset) 167,691 actor_objects rows took 6.5 s instead of
// 8.3 s (bench/detection.ts). JSON and array columns travel as text in their
// array and are cast back. Table and column names are checked against a
// strict identifier pattern and are only ever written in code. Dates become
// ISO strings, which Postgres reads as UTC into Prisma's timestamp(3)
// columns; BigInt columns take plain numbers.
import type { Prisma } from "./client";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CHUNK = 10_000;
const UPDATE_CHUNK = 1_000;

type Row = Record<string, unknown>;

function columnsOf(table: string, rows: Row[]): string[] {
  if (!IDENTIFIER.test(table)) throw new Error(`bulk: bad table name ${table}`);
  const columns = new Set<string>();
  for (const r of rows) for (const c in r) columns.add(c);
  for (const c of columns) if (!IDENTIFIER.test(c)) throw new Error(`bulk: bad column name ${c}`);
  return [...columns];
}

const quoted = (c: string) => `"${c}"`;

/** Each table's column types (without modifiers: an array parameter is cast to the base type, the column applies its own). Fixed for a process's life: migrations run before it starts. */
const typesOf = new Map<string, Promise<Map<string, string>>>();
function columnTypes(tx: Prisma.TransactionClient, table: string): Promise<Map<string, string>> {
  let types = typesOf.get(table);
  if (!types) {
    types = tx
      .$queryRawUnsafe<{ name: string; type: string }[]>(
        `SELECT attname AS name, format_type(atttypid, NULL) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        table,
      )
      .then((rows) => new Map(rows.map((r) => [r.name, r.type])));
    types.catch(() => typesOf.delete(table));
    typesOf.set(table, types);
  }
  return types;
}

/** A JS array as a Postgres array literal (one level: the array columns hold strings). */
const arrayLiteral = (values: unknown[]) =>
  `{${values.map((v) => (v === null || v === undefined ? "NULL" : `"${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;

/** How one column's values travel: scalars as themselves in an array of the column's type; JSON and arrays as text, cast back. */
function encoderFor(type: string): { param: string; select: (ref: string) => string; encode: (v: unknown) => unknown } {
  const scalar = (v: unknown) =>
    v instanceof Date ? v.toISOString() : typeof v === "bigint" ? v.toString() : (v ?? null);
  if (type === "json" || type === "jsonb")
    return {
      param: "text[]",
      select: (ref) => `${ref}::${type}`,
      encode: (v) => (v === undefined || v === null ? null : JSON.stringify(v)),
    };
  if (type.endsWith("[]"))
    return {
      param: "text[]",
      select: (ref) => `${ref}::${type}`,
      encode: (v) => (Array.isArray(v) ? arrayLiteral(v) : null),
    };
  return { param: `${type}[]`, select: (ref) => ref, encode: scalar };
}

type InsertOptions = { updatedAt?: boolean; onConflict?: string; returning?: string };

/**
 * Inserts rows into `table` (keys named as the table's columns; a key a row
 * lacks is NULL). `updatedAt`, which Prisma fills in its client, is set when
 * asked; `onConflict` is the statement's ON CONFLICT clause and `returning`
 * its RETURNING list, both written in code. Returns the RETURNING rows (none
 * without it).
 */
export async function insertRows<R = never>(
  tx: Prisma.TransactionClient,
  table: string,
  rows: Iterable<Row>,
  options: InsertOptions = {},
): Promise<R[]> {
  // Rows may come from a generator: they are drawn a chunk at a time, never all held at once.
  const out: R[] = [];
  let chunk: Row[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === CHUNK) {
      out.push(...(await insertChunk<R>(tx, table, chunk, options)));
      chunk = [];
    }
  }
  if (chunk.length) out.push(...(await insertChunk<R>(tx, table, chunk, options)));
  return out;
}

async function insertChunk<R>(
  tx: Prisma.TransactionClient,
  table: string,
  rows: Row[],
  options: InsertOptions,
): Promise<R[]> {
  const columns = columnsOf(table, rows);
  const types = await columnTypes(tx, table);
  const encoders = columns.map((c) => {
    const type = types.get(c);
    if (!type) throw new Error(`bulk: ${table} has no column ${c}`);
    return encoderFor(type);
  });
  const params = columns.map((c, i) => rows.map((r) => encoders[i]!.encode(r[c])));
  const targets = [...columns, ...(options.updatedAt ? ["updatedAt"] : [])].map(quoted).join(", ");
  const values = [
    ...columns.map((c, i) => encoders[i]!.select(`u.${quoted(c)}`)),
    ...(options.updatedAt ? [`$${columns.length + 1}::timestamp`] : []),
  ].join(", ");
  const unnest = columns.map((_, i) => `$${i + 1}::${encoders[i]!.param}`).join(", ");
  const sql =
    `INSERT INTO ${table} (${targets}) SELECT ${values} FROM unnest(${unnest}) AS u(${columns.map(quoted).join(", ")})` +
    (options.onConflict ? ` ON CONFLICT ${options.onConflict}` : "") +
    (options.returning ? ` RETURNING ${options.returning}` : "");
  const args = [...params, ...(options.updatedAt ? [new Date().toISOString()] : [])];
  if (options.returning) return tx.$queryRawUnsafe<R[]>(sql, ...args);
  await tx.$executeRawUnsafe(sql, ...args);
  return [];
}

/**
 * insertRows in two steps, for a caller with other work to do meanwhile: the
 * rows are first copied into a temporary table with no index, key or trigger
 * (quick), and the function returned moves them into `table` with one short
 * statement. Postgres spends the time that counts (indexes, foreign keys,
 * conflicts) on that statement, on its own core, while the caller's thread
 * works on: the statement is a few bytes, sent whole at once, where a chunk
 * of rows would wait for the caller's thread to finish sending it. The
 * temporary table goes at the move (or the transaction's end).
 */
export async function stageRows(
  tx: Prisma.TransactionClient,
  table: string,
  rows: Iterable<Row>,
  options: { onConflict?: string } = {},
): Promise<() => Promise<void>> {
  if (!IDENTIFIER.test(table)) throw new Error(`bulk: bad table name ${table}`);
  const stage = `stage_${table}`;
  // Shaped like the table, defaults included: a column the rows leave out gets the value the table would give it.
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE ${stage} (LIKE ${table} INCLUDING DEFAULTS) ON COMMIT DROP`);
  await insertRows(tx, stage, rows);
  return async () => {
    await tx.$executeRawUnsafe(
      `INSERT INTO ${table} SELECT * FROM ${stage}${options.onConflict ? ` ON CONFLICT ${options.onConflict}` : ""}`,
    );
    await tx.$executeRawUnsafe(`DROP TABLE ${stage}`);
  };
}

/**
 * Sets columns of rows of `table` found by `id` within one tenant (every row
 * with the same keys; `updatedAt` set too).
 */
export async function updateRows(
  tx: Prisma.TransactionClient,
  table: string,
  tenantId: string,
  rows: ({ id: string } & Row)[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = columnsOf(table, rows).filter((c) => c !== "id");
  const set = [...columns.map((c) => `${quoted(c)} = r.${quoted(c)}`), `"updatedAt" = $3::timestamp`].join(", ");
  const now = new Date().toISOString();
  for (let i = 0; i < rows.length; i += UPDATE_CHUNK) {
    await tx.$executeRawUnsafe(
      `UPDATE ${table} AS t SET ${set} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) AS r WHERE t.id = r.id AND t."tenantId" = $2`,
      JSON.stringify(rows.slice(i, i + UPDATE_CHUNK)),
      tenantId,
      now,
    );
  }
}
