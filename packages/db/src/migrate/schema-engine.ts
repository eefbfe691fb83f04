// Prisma's schema engine compiled to WebAssembly, driven through the pg
// driver adapter. The native engine binary that `prisma migrate` wants cannot
// be downloaded on offline or air-gapped machines; the wasm build ships inside
// an npm package, so diffing works everywhere Node runs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { schemaPath } from "./paths";
import { normalizeDatabaseUrl } from "../database-url";

type SchemaFile = { path: string; content: string };
type DiffTarget =
  | { tag: "empty" }
  | { tag: "schemaDatamodel"; files: SchemaFile[] }
  | { tag: "schemaDatasource"; files: SchemaFile[]; configDir: string };
type Engine = {
  diff(params: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: { externalTables: string[]; externalEnums: string[] };
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

// `SchemaEngine.new(options, log, adapter)` is a static factory (not a constructor).
type WasmGlue = {
  SchemaEngine: Record<"new", (options: unknown, log: (line: string) => void, adapter: unknown) => Promise<Engine>>;
};

let wasmModule: Promise<WasmGlue> | undefined;

function loadWasm() {
  wasmModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    // The package's entry imports the .wasm file as an ES module, which Node
    // does not support; instantiate it by hand with the same glue code.
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const dir = dirname(gluePath);
    const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, "schema_engine_bg.wasm")), {
      "./schema_engine_bg.js": glue,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return glue as unknown as WasmGlue;
  })();
  return wasmModule;
}

function schemaFiles(): SchemaFile[] {
  return [{ path: "schema.prisma", content: readFileSync(schemaPath, "utf8") }];
}

async function withEngine<T>(databaseUrl: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadWasm();
  const files = schemaFiles();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg(catalogFriendlyPool(databaseUrl), { disposeExternalPool: true }),
  );
  const engine = await SchemaEngine.new({ datamodels: files.map((f) => [f.path, f.content]) }, () => {}, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

/**
 * A pg pool whose results report Postgres' internal one-byte "char" type
 * (pg_catalog columns such as relkind) as text. The schema engine reads the
 * catalog, and @prisma/adapter-pg rejects that type as unsupported.
 */
function catalogFriendlyPool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: normalizeDatabaseUrl(databaseUrl), max: 2 });
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as { query: unknown }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  return pool;
}
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

const noFilters = { externalTables: [], externalEnums: [] };

/** SQL that turns the database at `databaseUrl` into what schema.prisma describes ("" when they agree). */
export async function diffDatabaseToSchema(databaseUrl: string): Promise<string> {
  return withEngine(databaseUrl, async (engine) => {
    const files = schemaFiles();
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: dirname(schemaPath) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    // exitCode 2 means "there is a difference"; 0 means none.
    return result.exitCode === 0 ? "" : (result.stdout ?? "");
  });
}
