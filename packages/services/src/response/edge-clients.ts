// The two edge lists Lantern pushes to, each called as its API documents:
//
// - AWS WAF (wafv2) IP sets: GetIPSet for the lock token and the set's
//   address family, then UpdateIPSet with the whole address list and that
//   token (a concurrent change makes AWS refuse it: read again, retry once).
//   JSON 1.1 over HTTPS, signed with SigV4; one update per second per set.
// - Cloudflare Lists: PUT the list's items (replaces them all; the API
//   answers with an asynchronous bulk operation), then poll the operation
//   until it completes or fails.
import { setTimeout as sleep } from "node:timers/promises";
import { type AwsCredentials, signAwsPost } from "./aws-sigv4";
import { answerError, call, type OutboundPolicy, PermanentFailure } from "./outbound";

export type AwsWafConfig = {
  region: string;
  scope: "REGIONAL" | "CLOUDFRONT";
  name: string;
  id: string;
  endpoint?: string;
};

/** AWS's own words for a refusal that passes: throttling, a lock taken meanwhile, the service unavailable. */
const AWS_TRANSIENT = /Throttl|LockException|Unavailable/i;

async function wafCall(
  cfg: AwsWafConfig,
  creds: AwsCredentials,
  action: string,
  payload: object,
  policy: OutboundPolicy,
) {
  const url = new URL(cfg.endpoint ?? `https://wafv2.${cfg.region}.amazonaws.com/`);
  const body = JSON.stringify(payload);
  const headers = signAwsPost(
    url,
    body,
    {
      "content-type": "application/x-amz-json-1.1",
      "content-length": String(Buffer.byteLength(body)),
      "x-amz-target": `AWSWAF_20190729.${action}`,
    },
    { region: cfg.region, service: "wafv2" },
    creds,
  );
  const answer = await call("POST", url.toString(), body, headers, policy);
  if (answer.status !== 200) throw answerError(answer, "AWS WAF", AWS_TRANSIENT);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

/** Replaces the IP set's addresses with those of its family among `cidrs`; returns what went in. */
export async function pushToAwsWaf(cfg: AwsWafConfig, creds: AwsCredentials, cidrs: string[], policy: OutboundPolicy) {
  const ref = { Name: cfg.name, Scope: cfg.scope, Id: cfg.id };
  for (let attempt = 1; ; attempt++) {
    const got = await wafCall(cfg, creds, "GetIPSet", ref, policy);
    const set = got.IPSet as { IPAddressVersion: "IPV4" | "IPV6" };
    const addresses = cidrs.filter((c) => c.includes(":") === (set.IPAddressVersion === "IPV6"));
    try {
      await wafCall(cfg, creds, "UpdateIPSet", { ...ref, Addresses: addresses, LockToken: got.LockToken }, policy);
      return { pushed: addresses.length, family: set.IPAddressVersion };
    } catch (error) {
      // Someone changed the set between the two calls: read it again, once.
      if (attempt >= 2 || !/WAFOptimisticLockException/.test(String(error))) throw error;
      await sleep(1_000);
    }
  }
}

export type CloudflareConfig = { accountId: string; listId: string; endpoint?: string };

/** Replaces the list's items; waits for Cloudflare's bulk operation to finish (up to about 30 s). */
export async function pushToCloudflare(cfg: CloudflareConfig, token: string, cidrs: string[], policy: OutboundPolicy) {
  const base = `${(cfg.endpoint ?? "https://api.cloudflare.com").replace(/\/$/, "")}/client/v4/accounts/${cfg.accountId}/rules/lists`;
  const auth = { authorization: `Bearer ${token}` };
  // A single address goes in bare (Cloudflare writes /32 as the address).
  const items = cidrs.map((c) => ({ ip: c.endsWith("/32") ? c.slice(0, -3) : c, comment: "Lantern block list" }));
  const put = await call("PUT", `${base}/${cfg.listId}/items`, JSON.stringify(items), auth, policy);
  if (put.status !== 200) throw answerError(put, "Cloudflare");
  const operation = (JSON.parse(put.body) as { result?: { operation_id?: string } }).result?.operation_id;
  if (!operation) throw new PermanentFailure("Cloudflare answered without a bulk operation id");
  for (let i = 0; i < 60; i++) {
    const got = await call("GET", `${base}/bulk_operations/${operation}`, null, auth, policy);
    if (got.status !== 200) throw answerError(got, "Cloudflare");
    const result = (JSON.parse(got.body) as { result?: { status?: string; error?: string } }).result;
    if (result?.status === "completed") return { pushed: items.length, operation };
    if (result?.status === "failed")
      throw new PermanentFailure(`Cloudflare's bulk operation failed: ${result.error ?? "no reason given"}`);
    await sleep(500);
  }
  throw new Error(`Cloudflare's bulk operation ${operation} did not finish within 30 s`);
}
