// Pushing the block list to edge lists, against the receiver process that
// stands in for AWS WAF (SigV4 checked by the aws4 package, lock tokens)
// and Cloudflare Lists (Bearer token, an asynchronous bulk operation).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { createTestServices, testWorkspace } from "../testing";
import { addBlock } from "./block-list";
import { testIntegration } from "./deliveries";
import { pushEdgeList } from "./edge-push";
import { createIntegration, listIntegrations } from "./integrations";
import { PermanentFailure } from "./outbound";
import { type HttpReceiver, startHttpReceiver } from "./receivers.testing";

const who = { actor: { id: "usr_test", label: "soc@edge.test" } };
const AWS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  region: "eu-west-1",
};
const SET_ID = "a1b2c3d4-5678-90ab-cdef-0123456789ab";
const CF = {
  token: "cf-token-0123456789abcdefghij",
  accountId: "0123456789abcdef0123456789abcdef",
  listId: "fedcba9876543210fedcba9876543210",
};

describe("edge lists", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let receiver: HttpReceiver;
  let deps: Parameters<typeof pushEdgeList>[0];

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Edge");
    receiver = await startHttpReceiver();
    deps = { db: ctx.db, secret: ctx.config.secret, outbound: { allowPrivate: true } };
    await receiver.configure("aws", { ...AWS, sets: { [SET_ID]: { name: "lantern-block", version: "IPV4" } } });
    await receiver.configure("cloudflare", CF);
    // Two halves of a /25 make one range; an IPv6 address; a user (identities stay off edge lists); a rate-limited range.
    for (const value of ["203.0.113.0/26", "203.0.113.64/26", "198.51.100.7", "2001:db8:1:2::5"])
      await addBlock(ctx, tenantId, { kind: "cidr", value, reason: "stuffing" }, who);
    await addBlock(ctx, tenantId, { kind: "basic_user", value: "mallory", reason: "stolen" }, who);
    await addBlock(
      ctx,
      tenantId,
      { kind: "cidr", value: "192.0.2.0/24", reason: "slow down", list: "RATE_LIMIT" },
      who,
    );
  });
  afterAll(async () => {
    await receiver.stop();
    await drop();
  });

  const awsInput = (over: Record<string, string> = {}) => ({
    kind: "aws_waf" as const,
    name: `WAF ${Math.random()}`,
    region: AWS.region,
    ipSetName: "lantern-block",
    ipSetId: SET_ID,
    accessKeyId: AWS.accessKeyId,
    secretAccessKey: AWS.secretAccessKey,
    endpoint: receiver.url,
    ...over,
  });

  it("replaces an AWS WAF IP set with the merged IPv4 ranges, signed and with its lock token", async () => {
    const { integration } = await createIntegration(ctx, tenantId, awsInput(), who);
    expect(await pushEdgeList(deps, tenantId, integration.id)).toMatch(/pushed 2 ranges/);
    const aws = await receiver.edge("aws");
    expect(aws.sets[SET_ID]!.addresses.sort()).toEqual(["198.51.100.7/32", "203.0.113.0/25"]);
    const calls = (await receiver.received("aws")) as unknown as { target: string; verified: boolean }[];
    expect(calls.map((c) => [c.target, c.verified])).toEqual([
      ["AWSWAF_20190729.GetIPSet", true],
      ["AWSWAF_20190729.UpdateIPSet", true],
    ]);
    const [listed] = (await listIntegrations(ctx, tenantId)).filter((i) => i.id === integration.id);
    expect(listed!.pushState).toMatchObject({ wanted: 4, ranges: 3, pushed: 2, capacity: 10_000, leftOut: 0 });
    expect(listed!.secretHint).toBe("…EKEY");
    // A second push reads the new lock token: the stale one would be refused.
    expect(await pushEdgeList(deps, tenantId, integration.id)).toMatch(/pushed 2 ranges/);
    expect((await receiver.edge("aws")).sets[SET_ID]!.updates).toBe(2);
  });

  it("says what AWS said when the signature is wrong, and does not retry it", async () => {
    const { integration } = await createIntegration(
      ctx,
      tenantId,
      awsInput({ secretAccessKey: "not-the-right-secret-key-000" }),
      who,
    );
    const failed = await pushEdgeList(deps, tenantId, integration.id).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(PermanentFailure);
    expect(String(failed)).toMatch(/HTTP 403: .*InvalidSignatureException/);
    const [listed] = (await listIntegrations(ctx, tenantId)).filter((i) => i.id === integration.id);
    expect(listed!.lastError).toMatch(/InvalidSignatureException/);
  });

  it("replaces a Cloudflare list's items and waits for the bulk operation; IPv6 goes as its /64", async () => {
    const { integration } = await createIntegration(
      ctx,
      tenantId,
      { kind: "cloudflare_list", name: "Cloudflare", ...CF, endpoint: receiver.url },
      who,
    );
    expect(await pushEdgeList(deps, tenantId, integration.id)).toMatch(/pushed 3 ranges/);
    const cf = await receiver.edge("cloudflare");
    expect(cf.items.map((i: { ip: string }) => i.ip).sort()).toEqual([
      "198.51.100.7",
      "2001:db8:1:2::/64",
      "203.0.113.0/25",
    ]);
    // The rate-limit list is its own edge list.
    const limited = await createIntegration(
      ctx,
      tenantId,
      { kind: "cloudflare_list", name: "Cloudflare slow", ...CF, list: "RATE_LIMIT", endpoint: receiver.url },
      who,
    );
    await pushEdgeList(deps, tenantId, limited.integration.id);
    expect((await receiver.edge("cloudflare")).items).toEqual([{ ip: "192.0.2.0/24", comment: "Lantern block list" }]);
  });

  it("refuses ids and regions that are not what the services use, and a test is a push", async () => {
    await expect(createIntegration(ctx, tenantId, awsInput({ region: "mars-1" }), who)).rejects.toThrow(/AWS region/);
    await expect(createIntegration(ctx, tenantId, awsInput({ ipSetId: "../../x" }), who)).rejects.toThrow(/UUID/);
    const { integration } = await createIntegration(ctx, tenantId, awsInput(), who);
    expect(await testIntegration(ctx, tenantId, { integrationId: integration.id }, who)).toEqual({
      deliveryId: null,
      pushing: true,
    });
  });
});
