// Enforcement at the customer's own gateway, with a real nginx (Debian's
// package) started by the test: an analyst blocks an address and a Basic
// user, the shipped script (scripts/gateway/nginx-blocklist.sh) pulls the
// include with a blocklist-only token and reloads nginx, and the blocked
// address and user get 403 while others get 200; unblocking lifts it.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { signUpViaApi, trpc, uniqueEmail } from "./helpers";
import { freePort } from "@lantern/services/response/receivers.testing";

const run = promisify(execFile);
const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const SCRIPT = resolve(import.meta.dirname, "..", "..", "scripts", "gateway", "nginx-blocklist.sh");

/** A GET to nginx from a chosen loopback address (all of 127/8 is this machine), optionally as a Basic user. */
function status(port: number, from: string, user?: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: "/v1/orders",
        localAddress: from,
        headers: user ? { authorization: `Basic ${Buffer.from(`${user}:secret`).toString("base64")}` } : {},
      },
      (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      },
    );
    req.on("error", fail);
    req.end();
  });
}

test("a gateway pulls the block list: blocked addresses and users get 403, the rest 200", async ({
  request,
  baseURL,
}) => {
  const slug = await signUpViaApi(request, { name: "Sec Ops", email: uniqueEmail("gw"), workspace: "Gateway Co" });
  const created = await trpc(
    request,
    "tokens.create",
    { name: "nginx edge", scopes: ["blocklist"] },
    { workspace: slug },
  );
  const token = created.data.token as string;

  const prefix = mkdtempSync(join(tmpdir(), "lantern-nginx-"));
  mkdirSync(join(prefix, "logs"));
  const port = await freePort();
  const include = join(prefix, "lantern-blocklist.conf");
  const conf = join(prefix, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  include ${include};
  server {
    listen 127.0.0.1:${port};
    location / {
      if ($lantern_blocked) { return 403; }
      return 200 "ok\\n";
    }
  }
}
`,
  );
  const nginx = (...args: string[]) => run(NGINX, ["-p", prefix, "-c", conf, ...args]);
  const pull = () =>
    run("bash", [SCRIPT], {
      env: {
        ...process.env,
        LANTERN_URL: baseURL!,
        LANTERN_TOKEN: token,
        DEST: include,
        NGINX_TEST: `${NGINX} -p ${prefix} -c ${conf} -t -q`,
        NGINX_RELOAD: `${NGINX} -p ${prefix} -c ${conf} -s reload`,
      },
    });
  try {
    // The list is empty at first: nginx starts with it, and everyone is let through.
    writeFileSync(include, "");
    await pull().catch(() => undefined); // No nginx to reload yet: the include is written all the same.
    expect(readFileSync(include, "utf8")).toContain("geo $remote_addr $lantern_blocked_address");
    await nginx();
    expect(await status(port, "127.0.0.2")).toBe(200);

    // The analyst blocks an address for a day and a Basic user with no end, and allow-lists the monitor.
    const allow = await trpc(
      request,
      "response.allow",
      { kind: "cidr", value: "127.0.0.4", reason: "uptime monitor" },
      { workspace: slug },
    );
    expect(allow.error).toBeUndefined();
    const blocked = await trpc(
      request,
      "response.block",
      { kind: "cidr", value: "127.0.0.2", reason: "credential stuffing from this address", hours: 24 },
      { workspace: slug },
    );
    expect(blocked.error).toBeUndefined();
    expect(blocked.data).toMatchObject({ value: "127.0.0.2/32", label: "127.0.0.2/32" });
    const user = await trpc(
      request,
      "response.block",
      { kind: "basic_user", value: "mallory", reason: "shared her password", hours: null },
      { workspace: slug },
    );
    expect(user.error).toBeUndefined();
    // The allow list wins: blocking the monitor's range is refused with its reason.
    const refused = await trpc(
      request,
      "response.block",
      { kind: "cidr", value: "127.0.0.0/24", reason: "too broad", hours: 1 },
      { workspace: slug },
    );
    expect(refused.error?.message).toContain("uptime monitor");

    const { stdout } = await pull();
    expect(stdout).toContain("block list updated: 2 entries");
    await expect(async () => {
      expect(await status(port, "127.0.0.2")).toBe(403);
    }).toPass({ timeout: 5_000 });
    expect(await status(port, "127.0.0.3")).toBe(200);
    expect(await status(port, "127.0.0.3", "mallory")).toBe(403);
    expect(await status(port, "127.0.0.3", "alice")).toBe(200);

    // Pulling again with nothing new does not reload nginx.
    expect((await pull()).stdout).toBe("");

    // Unblocking the address lifts it at the next pull; the user stays blocked.
    await trpc(request, "response.unblock", { entryId: blocked.data.id }, { workspace: slug });
    await pull();
    await expect(async () => {
      expect(await status(port, "127.0.0.2")).toBe(200);
    }).toPass({ timeout: 5_000 });
    expect(await status(port, "127.0.0.2", "mallory")).toBe(403);

    // The token reads the feed and nothing else.
    const auth = { authorization: `Bearer ${token}` };
    expect((await request.get("/api/v1/alerts", { headers: auth })).status()).toBe(403);
    const changes = await request.get("/api/v1/blocklist?format=json&since=0", { headers: auth });
    expect(changes.headers()["x-lantern-cursor"]).toMatch(/^\d+$/);
    const body = await changes.json();
    expect(body.added.map((e: { label: string }) => e.label)).toEqual(["user (HTTP Basic) mallory"]);
    expect(body.removed.map((e: { label: string }) => e.label)).toEqual(["127.0.0.2/32"]);
  } finally {
    await nginx("-s", "stop").catch(() => undefined);
    rmSync(prefix, { recursive: true, force: true });
  }
});
