// `npm start`: set up and run Lantern (web on :3000 and worker) on this machine.
// Node built-ins only; it installs everything else itself.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULTS,
  checkServices,
  stateDir,
  ensureDependencies,
  ensureNodeVersion,
  ensurePrismaClient,
  fail,
  root,
  run,
  say,
  serverSecret,
  startService,
  startWorker,
  waitForHttp,
} from "./lib/bootstrap.mjs";

ensureNodeVersion();
const port = Number(process.env.PORT ?? 3000);
const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? DEFAULTS.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL ?? DEFAULTS.REDIS_URL,
  APP_URL: process.env.APP_URL ?? `http://localhost:${port}`,
  LANTERN_SECRET: serverSecret(),
  LANTERN_DATA_DIR: process.env.LANTERN_DATA_DIR ?? join(stateDir, "data"),
  NODE_ENV: "production",
  // A local run talks to receivers on this machine (a test webhook, a local SIEM); deployments leave it off.
  LANTERN_OUTBOUND_ALLOW_PRIVATE: process.env.LANTERN_OUTBOUND_ALLOW_PRIVATE ?? "1",
};
// next-auth reads these two names.
env.NEXTAUTH_URL = process.env.NEXTAUTH_URL ?? env.APP_URL;
env.NEXTAUTH_SECRET = env.LANTERN_SECRET;

try {
  await ensureDependencies();
  await checkServices(env);
  await ensurePrismaClient();
  say("creating the database if missing and applying migrations…");
  await run("npx", ["tsx", "packages/db/src/migrate/cli.ts"], { env });
  if (process.env.LANTERN_DEMO !== "0") {
    say("demo workspace (set LANTERN_DEMO=0 to skip)…");
    await run("node", [join(root, "apps", "cli", "bin", "lantern.mjs"), "demo"], {
      env: { ...env, LANTERN_STATE_DIR: stateDir },
    });
  }
  say("building the dashboard…");
  await run("npx", ["turbo", "run", "build", "--filter=@lantern/web", "--output-logs=errors-only"], {
    env: { ...env, TURBO_TELEMETRY_DISABLED: "1" },
  });
} catch (error) {
  fail(error.message);
}

say(`starting web (http://localhost:${port}) and worker; Ctrl-C stops both`);
const children = [
  startService("web", process.execPath, ["server.mjs", "-p", String(port)], { cwd: join(root, "apps", "web"), env }),
  await startWorker(env),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on("exit", r))))).then(() =>
    process.exit(code),
  );
  setTimeout(() => process.exit(code), 30_000).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
for (const child of children)
  child.on("exit", (code) => {
    if (stopping) return;
    say(`a process exited (code ${code}); stopping the other`);
    stop(code || 1);
  });

const demoPassword = join(stateDir, "demo-password");
waitForHttp(`http://127.0.0.1:${port}/login`)
  .then(() => {
    say(`Lantern is up: open http://localhost:${port} and create your workspace`);
    if (existsSync(demoPassword))
      say(`or look around the demo: sign in as demo@lantern.local / ${readFileSync(demoPassword, "utf8").trim()}`);
  })
  .catch((e) => say(e.message));
