// A throwaway Lantern for benchmarks: a fresh database, a queue prefix of its
// own, the worker (and the web app when asked), all removed afterwards. The
// processes are started as plain `node --import tsx` so their pids are the
// real ones and their peak memory can be read from /proc.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { WORKER_NODE_OPTIONS } from "../../apps/worker/node-options.mjs";
import { freePort } from "@lantern/services/response/receivers.testing";

export const root = resolve(import.meta.dirname, "..", "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

export type Stack = {
  env: NodeJS.ProcessEnv;
  worker: ChildProcess;
  web?: ChildProcess;
  webUrl?: string;
  /** Runs `lantern …` to completion; returns its output. */
  lantern(args: string[]): string;
  psql(sql: string): string;
  stop(): Promise<void>;
};

async function waitFor(url: string, timeoutMs = 120_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      if ((await fetch(url, { redirect: "manual" })).status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

function runOrThrow(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = root): string {
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Builds the web app for its server (turbo's cache makes this quick when nothing changed). */
export function buildWeb(): void {
  const build = spawnSync(bin("turbo"), ["run", "build", "--filter=@lantern/web", "--output-logs=errors-only"], {
    cwd: root,
    stdio: "inherit",
  });
  if (build.status !== 0) throw new Error("the web build failed");
}

/** Peak resident memory (VmHWM) of a live process, in bytes. */
export function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

export async function startStack(options: { web?: boolean } = {}): Promise<Stack> {
  const id = randomBytes(4).toString("hex");
  const base = process.env.DATABASE_URL ?? "postgresql://localhost:5432/lantern";
  const dbUrl = new URL(base);
  dbUrl.pathname = `/lantern_bench_${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), "lantern-bench-data-"));
  const workerPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    LANTERN_SECRET: randomBytes(24).toString("base64url"),
    NEXTAUTH_SECRET: randomBytes(24).toString("base64url"),
    LANTERN_QUEUE_PREFIX: `lantern-bench-${id}`,
    LANTERN_DATA_DIR: dataDir,
    WORKER_PORT: String(workerPort),
    NODE_ENV: "production",
  };
  runOrThrow(bin("tsx"), ["packages/db/src/migrate/cli.ts"], env);
  // BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the worker.
  const workerArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // BENCH_WORKER_LOG=/tmp/worker.log keeps the worker's log (each job's summary, detection's phases).
  const workerLog = process.env.BENCH_WORKER_LOG ? openSync(process.env.BENCH_WORKER_LOG, "a") : "ignore";
  const worker = spawn(
    process.execPath,
    [...workerArgs, ...WORKER_NODE_OPTIONS.split(" "), "--import", "tsx", "src/main.ts"],
    { cwd: join(root, "apps", "worker"), env, stdio: ["ignore", workerLog, "inherit"] },
  );
  await waitFor(`http://127.0.0.1:${workerPort}/health`);
  let web: ChildProcess | undefined;
  let webUrl: string | undefined;
  if (options.web) {
    const port = await freePort();
    webUrl = `http://127.0.0.1:${port}`;
    env.APP_URL = webUrl;
    env.NEXTAUTH_URL = webUrl;
    // The web server (server.mjs, as npm start runs it) is this pid, so its memory is the web app's.
    web = spawn(process.execPath, ["server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: join(root, "apps", "web"),
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitFor(`${webUrl}/api/v1/openapi.json`);
  }
  return {
    env,
    worker,
    web,
    webUrl,
    lantern: (args) => runOrThrow(bin("lantern"), args, env),
    psql: (sql) =>
      runOrThrow("psql", ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", dbUrl.toString(), "-c", sql], env).trim(),
    async stop() {
      for (const child of [web, worker]) {
        if (!child || child.exitCode !== null || child.signalCode !== null) continue;
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      // BENCH_KEEP=1 keeps the database (to profile against a large history without building it again).
      if (process.env.BENCH_KEEP === "1") {
        console.log(
          `kept: DATABASE_URL=${env.DATABASE_URL} LANTERN_SECRET=${env.LANTERN_SECRET} (drop it with: dropdb ${dbUrl.pathname.slice(1)})`,
        );
        return;
      }
      runOrThrow(bin("tsx"), ["packages/db/src/migrate/drop-cli.ts"], env);
      runOrThrow(bin("tsx"), ["packages/jobs/src/drop-prefix-cli.ts", env.LANTERN_QUEUE_PREFIX!], env);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
