// Lantern's own outbound calls to the integrations people configure: an
// HTTP POST, or records over TCP or TLS for syslog. A URL typed into a form
// is a request forgery waiting to happen, so the address is checked when the
// connection is made (after DNS, so a name that resolves to a private
// address later is caught too): link-local addresses (cloud metadata
// services) are never called; loopback and private networks only when the
// deployment allows them (LANTERN_OUTBOUND_ALLOW_PRIVATE), as a self-hosted
// SIEM usually lives on one. Redirects are not followed.
import { lookup as dnsLookup, type LookupAddress, type LookupOneOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { parseCidr, inCidr, isPrivate, parseIp } from "@lantern/engine/normalize/ip";

export type OutboundPolicy = { allowPrivate: boolean };

/** A call Lantern refuses to make, or a receiver's answer that retrying cannot change. */
export class PermanentFailure extends Error {}

const LINK_LOCAL = ["169.254.0.0/16", "fe80::/10", "fd00:ec2::/32"].map((c) => parseCidr(c)!);
const TIMEOUT_MS = 10_000;
/** Enough of a receiver's answer to say what went wrong. */
const MAX_ANSWER = 2_048;

/** Why an address may not be called, or null when it may. */
export function refusalFor(address: string, policy: OutboundPolicy): string | null {
  const ip = parseIp(address);
  if (!ip) return `${address} is not an address`;
  if (LINK_LOCAL.some((c) => inCidr(ip, c))) return `${address} is link-local (cloud metadata): never called`;
  if (isPrivate(ip) && !policy.allowPrivate)
    return `${address} is a private or loopback address; set LANTERN_OUTBOUND_ALLOW_PRIVATE=1 to allow integrations on internal networks`;
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses what refusalFor refuses, at connection time. */
function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: LookupOneOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const refused = list.map((a) => refusalFor(a.address, policy)).find((r) => r !== null);
      if (refused) return callback(Object.assign(new PermanentFailure(refused), { code: "EREFUSED_BY_POLICY" }), []);
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Node connects to an address literal without a lookup: those are judged here, before connecting. */
function literalRefusal(host: string, policy: OutboundPolicy): PermanentFailure | null {
  const bare = host.replace(/^\[|\]$/g, "");
  const refused = net.isIP(bare) ? refusalFor(bare, policy) : null;
  return refused ? new PermanentFailure(refused) : null;
}

export type HttpAnswer = { status: number; body: string; ms: number };

/**
 * A receiver's answer that is not a success, as the error to throw: worth
 * another attempt for 408, 429, 5xx (or a body `retriable` recognises, such
 * as AWS's throttling), else a PermanentFailure; the message quotes what the
 * receiver said, after `service` when given ("Jira answered HTTP 401: …").
 */
export function answerError(answer: HttpAnswer, service?: string, retriable?: RegExp): Error {
  const said = answer.body.replace(/\s+/g, " ").trim().slice(0, 300);
  const message = `${service ? `${service} answered ` : ""}HTTP ${answer.status}${said ? `: ${said}` : ""}`;
  const again =
    answer.status === 408 || answer.status === 429 || answer.status >= 500 || (retriable?.test(said) ?? false);
  return Object.assign(again ? new Error(message) : new PermanentFailure(message), { status: answer.status });
}

/** POSTs a body; resolves with the answer whatever its status (the caller judges it), rejects on no answer. */
export function post(url: string, body: string, headers: Record<string, string>, policy: OutboundPolicy) {
  return call("POST", url, body, headers, policy);
}

/** Any method; `body` null sends none. */
export function call(
  method: "GET" | "POST" | "PUT",
  url: string,
  body: string | null,
  headers: Record<string, string>,
  policy: OutboundPolicy,
): Promise<HttpAnswer> {
  const target = new URL(url);
  if (target.protocol !== "https:" && target.protocol !== "http:")
    return Promise.reject(new PermanentFailure(`${target.protocol} URLs are not called`));
  const refused = literalRefusal(target.hostname, policy);
  if (refused) return Promise.reject(refused);
  const started = Date.now();
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method,
        headers: {
          "content-type": "application/json",
          "user-agent": "Lantern-Webhooks/1.0",
          ...headers,
          ...(body === null ? {} : { "content-length": String(Buffer.byteLength(body)) }),
        },
        lookup: guardedLookup(policy) as never,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        let answer = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (answer.length < MAX_ANSWER) answer += chunk.slice(0, MAX_ANSWER - answer.length);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: answer, ms: Date.now() - started }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", (error) => reject(error.cause instanceof PermanentFailure ? error.cause : error));
    req.end(body ?? undefined);
  });
}

export type SyslogTarget = { host: string; port: number; tls: boolean; ca?: string };

/** Writes records to a syslog receiver over TCP or TLS and closes cleanly; resolves once the receiver has them all. */
export function sendOverTcp(target: SyslogTarget, payload: string, policy: OutboundPolicy): Promise<{ ms: number }> {
  const started = Date.now();
  const refused = literalRefusal(target.host, policy);
  if (refused) return Promise.reject(refused);
  return new Promise((resolve, reject) => {
    const options = { host: target.host, port: target.port, lookup: guardedLookup(policy) as never };
    const socket = target.tls
      ? tls.connect({ ...options, servername: net.isIP(target.host) ? undefined : target.host, ca: target.ca })
      : net.connect(options);
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    socket.once(target.tls ? "secureConnect" : "connect", () => socket.end(payload));
    socket.on("error", reject);
    socket.on("close", (hadError) => {
      if (!hadError) resolve({ ms: Date.now() - started });
    });
  });
}
