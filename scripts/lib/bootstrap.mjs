// Shared steps of `npm start` and `npm test`. Node built-ins only: these run
// before node_modules exists.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const stateDir = join(root, ".lantern");

export const DEFAULTS = {
  DATABASE_URL: "postgresql://localhost:5432/lantern",
  REDIS_URL: "redis://127.0.0.1:6379",
};

export function say(line) {
  process.stdout.write(`\x1b[33m▸\x1b[0m ${line}\n`);
}

export function fail(message) {
  process.stderr.write(`\n\x1b[31m✗ ${message}\x1b[0m\n\n`);
  process.exit(1);
}

export function ensureNodeVersion() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    fail(`Lantern needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
}

/** Runs a command with inherited output; rejects with a readable message on failure. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: "inherit",
      ...options,
      env: { ...process.env, ...options.env },
    });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** A dependency's executable, run directly so signals reach it (npx would sit in between). */
export const bin = (name) => join(root, "node_modules", ".bin", name);

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export async function ensureDependencies() {
  const installed = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(installed) && mtime(installed) >= mtime(lock) - 1000) return;
  // `npm install`, not `npm ci`: it installs the versions the lockfile pins,
  // but tolerates a lockfile without other platforms' optional packages
  // (turbo's @turbo/darwin-*), which happens when the lockfile is made against
  // a registry mirror that does not carry them; `npm ci` refuses such a file.
  say("installing dependencies…");
  await run("npm", ["install", "--no-audit", "--no-fund"]);
}

/** Generates the Prisma client when it is missing or older than schema.prisma. */
export async function ensurePrismaClient() {
  const generated = join(root, "packages", "db", "src", "generated", "prisma", "client.ts");
  if (mtime(generated) >= mtime(join(root, "prisma", "schema.prisma"))) return;
  say("generating the Prisma client…");
  await run("node", [join(root, "scripts", "prisma-generate.mjs")]);
}

function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname || "localhost", port: Number(u.port || defaultPort) };
}

/** Resolves when something accepts TCP connections at host:port and, if given, answers `probe` with `expect`. */
function reachable({ host, port }, probe, expect, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => {
      if (!probe) return done(true);
      socket.write(probe);
      socket.once("data", (data) => done(expect.test(data.toString())));
    });
  });
}

/** Checks Postgres and Redis are up, and says how to start them when not. */
export async function checkServices(env) {
  const pg = hostPort(env.DATABASE_URL, 5432);
  const redis = hostPort(env.REDIS_URL, 6379);
  const problems = [];
  if (!(await reachable(pg))) {
    problems.push(
      `Postgres is not reachable at ${pg.host}:${pg.port} (from DATABASE_URL).\n` +
        "  Start it with `docker compose up -d postgres`, or your OS package\n" +
        "  (Debian/Ubuntu: `sudo pg_ctlcluster 15 main start`; macOS: `brew services start postgresql`),\n" +
        "  or point DATABASE_URL at a running server.",
    );
  }
  // A Redis that wants a password answers -NOAUTH: it is up, and the apps will say so if REDIS_URL lacks one.
  if (!(await reachable(redis, "PING\r\n", /^(\+PONG|-NOAUTH|-ERR)/))) {
    problems.push(
      `Redis is not reachable at ${redis.host}:${redis.port} (from REDIS_URL).\n` +
        "  Start it with `docker compose up -d redis`, or your OS package\n" +
        "  (Debian/Ubuntu: `sudo systemctl start redis-server` or `redis-server --daemonize yes`; macOS: `brew services start redis`),\n" +
        "  or point REDIS_URL at a running server.",
    );
  }
  if (problems.length) fail(problems.join("\n\n"));
}

/** LANTERN_SECRET from the environment, else one generated once and kept in .lantern/secret. */
export function serverSecret() {
  if (process.env.LANTERN_SECRET) return process.env.LANTERN_SECRET;
  const file = join(stateDir, "secret");
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** Starts a long-running child whose output lines are prefixed with its name. */
export function startService(name, command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: root,
    ...options,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  const colour = name === "web" ? 36 : 35;
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream.on("data", (chunk) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop();
      for (const line of lines) process.stdout.write(`\x1b[${colour}m[${name}]\x1b[0m ${line}\n`);
    });
  }
  return child;
}

/** The worker (apps/worker), with the Node options it is measured with. */
export async function startWorker(env) {
  const { WORKER_NODE_OPTIONS } = await import("../../apps/worker/node-options.mjs");
  const nodeOptions = [process.env.NODE_OPTIONS, WORKER_NODE_OPTIONS].filter(Boolean).join(" ");
  return startService("worker", bin("tsx"), ["src/main.ts"], {
    cwd: join(root, "apps", "worker"),
    env: { ...env, NODE_OPTIONS: nodeOptions },
  });
}

/** Resolves once `url` answers (any HTTP status below 500). */
export async function waitForHttp(url, timeoutMs = 60_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    import("node:net").then(({ createServer }) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
      server.on("error", reject);
    });
  });
}
