// Real receivers for the integration tests, each its own process: the HTTP
// receiver (scripts/receivers/http-receiver.mjs: signature and token checks
// done as the real services do) and Debian's rsyslogd listening on TCP or
// TLS. Tests talk to them over sockets, as Lantern does in production.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../../..");

export type Received = {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  verified: boolean | null;
};

/** What the stand-in edge APIs hold: AWS WAF's IP sets, Cloudflare's list items. */
export type EdgeState = {
  sets: Record<string, { addresses: string[]; updates?: number }>;
  items: { ip: string; comment: string }[];
  issues: { key: string; fields: { summary: string; labels: string[]; description: { content: unknown[] } } }[];
};

export type HttpReceiver = {
  url: string;
  configure(path: string, config: Record<string, unknown>): Promise<void>;
  received(path?: string): Promise<Received[]>;
  /** What the stand-in AWS WAF or Cloudflare holds now (their configuration plus the pushed state). */
  edge(api: "aws" | "cloudflare" | "jira"): Promise<EdgeState>;
  stop(): Promise<void>;
};

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const child = spawn(process.execPath, [join(root, "scripts/receivers/http-receiver.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((ok, fail) => {
    child.stdout!.once("data", (chunk: Buffer) => ok(JSON.parse(chunk.toString()).port));
    child.once("exit", (code) => fail(new Error(`the HTTP receiver stopped (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async configure(path, config) {
      await fetch(`${url}/_config`, { method: "POST", body: JSON.stringify({ path, ...config }) });
    },
    async received(path) {
      const all = (await (await fetch(`${url}/_received`)).json()) as Received[];
      return path ? all.filter((r) => r.path === path) : all;
    },
    edge: async (api) => (await (await fetch(`${url}/_${api}`)).json()) as EdgeState,
    stop: () => stopChild(child),
  };
}

export type Mail = { from: string | null; to: string[]; subject: string; text: string; at: number };
export type SmtpReceiver = { port: number; mails(): Promise<Mail[]>; stop(): Promise<void> };

/** The smtp-server package in its own process (scripts/receivers/smtp-receiver.mjs). */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const child = spawn(process.execPath, [join(root, "scripts/receivers/smtp-receiver.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ports = await new Promise<{ smtp: number; http: number }>((ok, fail) => {
    child.stdout!.once("data", (chunk: Buffer) => ok(JSON.parse(chunk.toString())));
    child.once("exit", (code) => fail(new Error(`the SMTP receiver stopped (${code})`)));
  });
  return {
    port: ports.smtp,
    mails: async () => (await (await fetch(`http://127.0.0.1:${ports.http}/`)).json()) as Mail[],
    stop: () => stopChild(child),
  };
}

export const RSYSLOGD = "/usr/sbin/rsyslogd";

/** A loopback port nothing listens on now, for a server a test or a bench starts. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on("error", fail);
  });
}

export type SyslogReceiver = { port: number; ca: string | null; lines(): string[]; stop(): Promise<void> };

/**
 * Debian's rsyslogd on a free port, writing every message it receives
 * (raw, one per line) to a file. With `tls`, a CA and a certificate for
 * "localhost" are made with openssl and rsyslog's gnutls driver requires TLS.
 */
export async function startRsyslog(options: { tls?: boolean } = {}): Promise<SyslogReceiver> {
  const dir = mkdtempSync(join(tmpdir(), "lantern-rsyslog-"));
  const port = await freePort();
  const out = join(dir, "received.log");
  const ca = options.tls ? makeCertificates(dir) : null;
  const tlsConfig = ca
    ? `global(DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="${dir}/ca.pem" DefaultNetstreamDriverCertFile="${dir}/server.pem" DefaultNetstreamDriverKeyFile="${dir}/server.key")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")`
    : `module(load="imtcp")`;
  writeFileSync(
    join(dir, "rsyslog.conf"),
    `global(workDirectory="${dir}")
${tlsConfig}
template(name="raw" type="string" string="%rawmsg%\\n")
ruleset(name="lantern") { action(type="omfile" file="${out}" template="raw" flushOnTXEnd="on" asyncWriting="off") }
input(type="imtcp" port="${port}" ruleset="lantern")
`,
  );
  const child = spawn(RSYSLOGD, ["-n", "-f", join(dir, "rsyslog.conf"), "-i", join(dir, "rsyslogd.pid")], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForPort(port, child);
  return {
    port,
    ca,
    lines: () => (existsSync(out) ? readFileSync(out, "utf8").split("\n").filter(Boolean) : []),
    stop: () => stopChild(child),
  };
}

async function waitForPort(port: number, child: ChildProcess) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`rsyslogd stopped (${child.exitCode})`);
    const open = await new Promise<boolean>((ok) => {
      const socket = createServer();
      socket.once("error", () => ok(true));
      socket.listen(port, "127.0.0.1", () => socket.close(() => ok(false)));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`rsyslogd did not listen on ${port}`);
}

/** A throwaway CA and a server certificate for localhost; returns the CA's PEM. */
function makeCertificates(dir: string): string {
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  ssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-subj",
    "/CN=Lantern test CA",
  );
  ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
  writeFileSync(join(dir, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  ssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-extfile",
    "san.ext",
  );
  return readFileSync(join(dir, "ca.pem"), "utf8");
}
