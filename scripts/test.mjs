// `npm test`: set up and run every test (typecheck, unit and integration
// against the real Postgres and Redis, Playwright in Chromium) on fresh
// databases. Node built-ins only; it installs everything else itself.
//   node scripts/test.mjs            everything
//   node scripts/test.mjs unit       typecheck + vitest only
//   node scripts/test.mjs e2e        Playwright only
//   node scripts/test.mjs e2e map    Playwright, only the files matching "map"
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  DEFAULTS,
  bin,
  checkServices,
  ensureDependencies,
  ensureNodeVersion,
  ensurePrismaClient,
  fail,
  freePort,
  root,
  run,
  say,
  startService,
  startWorker,
  waitForHttp,
} from "./lib/bootstrap.mjs";

ensureNodeVersion();
const only = process.argv[2];
const base = {
  DATABASE_URL: process.env.DATABASE_URL ?? DEFAULTS.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL ?? DEFAULTS.REDIS_URL,
};
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Real receivers the browser tests start: Debian's chromium, and nginx as the gateway consuming block lists. */
// Real receivers and a real browser, from Debian: the browser tests need chromium
// and nginx (a gateway pulling the block list); the integration tests need
// rsyslogd with its TLS driver (CEF over syslog) and openssl (its certificates).
const DEBIAN_PACKAGES = [
  { pkg: "chromium", binary: CHROMIUM, for: "e2e" },
  { pkg: "nginx-core", binary: process.env.NGINX_PATH ?? "/usr/sbin/nginx", for: "e2e" },
  { pkg: "rsyslog", binary: "/usr/sbin/rsyslogd", for: "unit" },
  { pkg: "rsyslog-gnutls", binary: "/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so", for: "unit" },
  { pkg: "openssl", binary: "/usr/bin/openssl", for: "unit" },
];

async function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter((p) => (!only || p.for === only) && !existsSync(p.binary));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg).join(" ");
  if (process.getuid?.() !== 0) {
    fail(
      `Missing ${missing.map((p) => p.binary).join(", ")}. Install Debian's packages (sudo apt-get install -y ${names}).`,
    );
  }
  say(`installing Debian's ${names} for the tests…`);
  await run("apt-get", ["update", "-qq"]);
  await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing.map((p) => p.pkg)], {
    env: { DEBIAN_FRONTEND: "noninteractive" },
  });
}

function databaseUrlFor(name) {
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function unitAndIntegration() {
  // sherif: one version of each dependency across the workspace, sorted manifests. Its
  // unsync-similar-dependencies rule is off: @prisma/client 7.10.0 is the newest client beside the 7.10.1 CLI.
  say("checking the workspace's package manifests…");
  await run(bin("sherif"), ["-r", "unsync-similar-dependencies"]);
  await run(process.execPath, [join(root, "scripts", "check-workspace-deps.mjs")]);
  say("lint and format (biome; `npm run format` fixes what it can)…");
  await run(bin("biome"), ["check", "--error-on-warnings", "."]);
  say("typechecking…");
  await run(bin("turbo"), ["run", "typecheck", "--output-logs=errors-only"], {
    env: { TURBO_TELEMETRY_DISABLED: "1" },
  });
  say("unit and integration tests (vitest, real Postgres and Redis)…");
  await run(bin("vitest"), ["run"], {
    env: { LANTERN_TEST_DATABASE_URL: databaseUrlFor("postgres"), LANTERN_TEST_REDIS_URL: base.REDIS_URL },
  });
}

async function endToEnd() {
  const id = randomBytes(4).toString("hex");
  const databaseUrl = databaseUrlFor(`lantern_e2e_${id}`);
  const port = await freePort();
  const workerPort = await freePort();
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: base.REDIS_URL,
    LANTERN_QUEUE_PREFIX: `lantern-e2e-${id}`,
    LANTERN_SECRET: randomBytes(32).toString("base64url"),
    APP_URL: `http://127.0.0.1:${port}`,
    WORKER_PORT: String(workerPort),
    LANTERN_DATA_DIR: join(tmpdir(), `lantern-e2e-${id}`),
    NODE_ENV: "production",
    // Every e2e test signs people up from 127.0.0.1; the limit itself is tested in the services' integration tests.
    LANTERN_SIGN_UPS_PER_HOUR: "100000",
    // The tests' receivers (webhooks, SIEM) listen on 127.0.0.1.
    LANTERN_OUTBOUND_ALLOW_PRIVATE: "1",
  };
  env.NEXTAUTH_URL = env.APP_URL;
  env.NEXTAUTH_SECRET = env.LANTERN_SECRET;

  say("e2e: fresh database, migrations, build…");
  await run(bin("tsx"), ["packages/db/src/migrate/cli.ts"], { env });
  await run(bin("turbo"), ["run", "build", "--filter=@lantern/web", "--output-logs=errors-only"], {
    env: { TURBO_TELEMETRY_DISABLED: "1" },
  });

  const children = [
    startService("web", process.execPath, ["server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: join(root, "apps", "web"),
      env,
    }),
    await startWorker(env),
  ];
  try {
    await waitForHttp(`${env.APP_URL}/login`);
    await waitForHttp(`http://127.0.0.1:${workerPort}/health`);
    say("e2e: Playwright in Chromium…");
    await run(bin("playwright"), ["test", ...process.argv.slice(3)], {
      cwd: join(root, "e2e"),
      env: {
        LANTERN_E2E_BASE_URL: env.APP_URL,
        LANTERN_E2E_WORKER_URL: `http://127.0.0.1:${workerPort}`,
        LANTERN_E2E_DATABASE_URL: databaseUrl,
        CHROMIUM_PATH: CHROMIUM,
      },
    });
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on("exit", r)))));
    await run(bin("tsx"), ["packages/db/src/migrate/drop-cli.ts"], { env: { DATABASE_URL: databaseUrl } }).catch(
      () => {},
    );
    await run(bin("tsx"), ["packages/jobs/src/drop-prefix-cli.ts", env.LANTERN_QUEUE_PREFIX], {
      env: { REDIS_URL: base.REDIS_URL },
    }).catch(() => {});
  }
}

/**
 * The shared test data (real logs and specs nobody here wrote): the directory
 * LANTERN_SHARED_DATA names, else ../shared/data beside the clone. Checked
 * first, so a clone without it fails in a second with what to do.
 */
function ensureSharedData() {
  const dir = resolve(process.env.LANTERN_SHARED_DATA || join(root, "..", "shared", "data"));
  if (!existsSync(join(dir, "README.md"))) {
    fail(
      `The shared test data was not found in ${dir}. Put it there or set LANTERN_SHARED_DATA to its directory (it holds README.md, real/ and specs/).`,
    );
  }
  process.env.LANTERN_SHARED_DATA = dir;
  say(`shared test data: ${dir}`);
}

try {
  ensureSharedData();
  await ensureDependencies();
  await ensureDebianPackages();
  await checkServices(base);
  await ensurePrismaClient();
  if (only !== "e2e") await unitAndIntegration();
  if (only !== "unit") await endToEnd();
  say("all tests passed");
} catch (error) {
  fail(error.message);
}
