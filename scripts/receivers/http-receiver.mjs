// A stand-in for the HTTP services Lantern's integrations call (a webhook
// consumer, Slack, Teams, Splunk's HTTP Event Collector), run as its own
// process by the tests. It checks what the real ones check: Standard
// Webhooks signatures (with the standardwebhooks library, not Lantern's
// code), the HEC token, and answers as they do. Tests read what it received
// from GET /_received and configure it with POST /_config.
//
// It also stands in for two edge-list APIs, checking what they check:
// AWS WAF (POST / with X-Amz-Target GetIPSet / UpdateIPSet, SigV4 checked by
// signing the same request again with the aws4 package, the lock token
// checked and renewed) and Cloudflare Lists (Bearer token, PUT items answered
// with a bulk operation that completes on the next poll).
//
//   node scripts/receivers/http-receiver.mjs   → prints {"port":N} once listening
import { createServer } from "node:http";
import aws4 from "aws4";
import { Webhook } from "standardwebhooks";

const received = [];
/** path → { webhookSecret?, hecToken?, failFirst?: n, status?: code } */
const routes = new Map();
const seen = new Map();

function reply(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url, "http://receiver");
    if (url.pathname === "/_received") return reply(res, 200, received);
    if (url.pathname === "/_aws") return reply(res, 200, routes.get("aws") ?? null);
    if (url.pathname === "/_cloudflare") return reply(res, 200, routes.get("cloudflare") ?? null);
    if (url.pathname === "/_jira") return reply(res, 200, routes.get("jira") ?? null);
    if (url.pathname === "/_config") {
      const { path, ...config } = JSON.parse(body);
      routes.set(path, config);
      return reply(res, 200, { ok: true });
    }
    if (req.headers["x-amz-target"] && routes.has("aws")) return awsWaf(req, body, res);
    if (url.pathname.startsWith("/client/v4/accounts/") && routes.has("cloudflare"))
      return cloudflare(req, url, body, res);
    if (url.pathname.startsWith("/rest/api/3/") && routes.has("jira")) return jira(req, url, body, res);
    const route = routes.get(url.pathname) ?? {};
    const count = (seen.get(url.pathname) ?? 0) + 1;
    seen.set(url.pathname, count);
    const entry = {
      path: url.pathname,
      method: req.method,
      headers: req.headers,
      body,
      at: Date.now(),
      verified: null,
    };
    received.push(entry);
    if (route.webhookSecret) {
      try {
        new Webhook(route.webhookSecret).verify(body, req.headers);
        entry.verified = true;
      } catch (error) {
        entry.verified = false;
        return reply(res, 401, { error: `signature: ${error.message}` });
      }
    }
    if (route.hecToken !== undefined) {
      if (req.headers.authorization !== `Splunk ${route.hecToken}`)
        return reply(res, 403, { text: "Invalid token", code: 4 });
      if (url.pathname !== "/services/collector/event") return reply(res, 404, { text: "Not found", code: 404 });
    }
    if (route.failFirst && count <= route.failFirst) return reply(res, 503, { error: "try again later" });
    if (route.status) return reply(res, route.status, { error: route.message ?? "refused" });
    if (route.hecToken !== undefined) return reply(res, 200, { text: "Success", code: 0 });
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
  });
});

/** AWS WAF's JSON 1.1 API for the configured IP sets: { accessKeyId, secretAccessKey, region, sets: { id: { name, version } } }. */
function awsWaf(req, body, res) {
  const aws = routes.get("aws");
  aws.sets ??= {};
  const entry = {
    path: "aws",
    target: req.headers["x-amz-target"],
    headers: req.headers,
    body,
    at: Date.now(),
    verified: false,
  };
  received.push(entry);
  const fail = (status, type, message) => {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify({ __type: type, Message: message }));
  };
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/wafv2\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/.exec(
      req.headers.authorization ?? "",
    );
  if (!auth || auth[1] !== aws.accessKeyId || auth[3] !== aws.region)
    return fail(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  const signed = Object.fromEntries(
    auth[4]
      .split(";")
      .filter((h) => h !== "host")
      .map((h) => [h, req.headers[h]]),
  );
  const again = aws4.sign(
    {
      host: req.headers.host,
      path: req.url,
      method: "POST",
      body,
      service: "wafv2",
      region: aws.region,
      headers: signed,
    },
    { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey },
  );
  if (again.headers.Authorization !== req.headers.authorization)
    return fail(
      403,
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided.",
    );
  entry.verified = true;
  if (req.headers["content-type"] !== "application/x-amz-json-1.1")
    return fail(400, "SerializationException", "wrong content type");
  const input = JSON.parse(body);
  const set = aws.sets[input.Id];
  if (!set || set.name !== input.Name || input.Scope !== (set.scope ?? "REGIONAL"))
    return fail(
      400,
      "WAFNonexistentItemException",
      "AWS WAF couldn’t perform the operation because your resource doesn’t exist.",
    );
  set.lockToken ??= crypto.randomUUID();
  set.addresses ??= [];
  const reply = (payload) => {
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify(payload));
  };
  if (req.headers["x-amz-target"] === "AWSWAF_20190729.GetIPSet")
    return reply({
      IPSet: {
        Name: set.name,
        Id: input.Id,
        ARN: `arn:aws:wafv2:${aws.region}:123456789012:regional/ipset/${set.name}/${input.Id}`,
        IPAddressVersion: set.version,
        Addresses: set.addresses,
      },
      LockToken: set.lockToken,
    });
  if (req.headers["x-amz-target"] === "AWSWAF_20190729.UpdateIPSet") {
    if (input.LockToken !== set.lockToken)
      return fail(
        400,
        "WAFOptimisticLockException",
        "AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it.",
      );
    if (!Array.isArray(input.Addresses) || input.Addresses.length > 10_000)
      return fail(400, "WAFLimitsExceededException", "too many addresses");
    const family = set.version === "IPV6" ? /:/ : /^\d+\.\d+\.\d+\.\d+\/\d+$/;
    if (!input.Addresses.every((a) => family.test(a) && a.includes("/")))
      return fail(400, "WAFInvalidParameterException", "Error reason: invalid value, field: ADDRESSES");
    set.addresses = input.Addresses;
    set.lockToken = crypto.randomUUID();
    set.updates = (set.updates ?? 0) + 1;
    return reply({ NextLockToken: set.lockToken });
  }
  return fail(400, "UnknownOperationException", "unknown target");
}

/** Cloudflare's list items API for one list: { token, accountId, listId }; GET /_cloudflare tells what the list holds. */
function cloudflare(req, url, body, res) {
  const cf = routes.get("cloudflare");
  const reply = (status, payload) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(payload));
  };
  received.push({
    path: "cloudflare",
    method: req.method,
    url: url.pathname,
    headers: req.headers,
    body,
    at: Date.now(),
    verified: null,
  });
  if (req.headers.authorization !== `Bearer ${cf.token}`)
    return reply(403, { success: false, errors: [{ code: 10000, message: "Authentication error" }] });
  const base = `/client/v4/accounts/${cf.accountId}/rules/lists`;
  if (req.method === "PUT" && url.pathname === `${base}/${cf.listId}/items`) {
    const items = JSON.parse(body);
    const bad = items.find(
      (i) => typeof i.ip !== "string" || (i.ip.includes(":") && !/\/(1[2-9]|[2-5]\d|6[0-4])$/.test(i.ip)),
    );
    if (bad) return reply(400, { success: false, errors: [{ code: 10021, message: `invalid list item: ${bad.ip}` }] });
    cf.operation = { id: crypto.randomUUID().replace(/-/g, ""), items, polls: 0 };
    return reply(200, { success: true, errors: [], result: { operation_id: cf.operation.id } });
  }
  if (req.method === "GET" && url.pathname === `${base}/bulk_operations/${cf.operation?.id}`) {
    // Pending on the first poll, completed on the next: the client must wait for it.
    if (cf.operation.polls++ === 0)
      return reply(200, { success: true, result: { id: cf.operation.id, status: "pending" } });
    cf.items = cf.operation.items;
    return reply(200, {
      success: true,
      result: { id: cf.operation.id, status: "completed", completed: new Date().toISOString() },
    });
  }
  return reply(404, { success: false, errors: [{ code: 7003, message: "Could not route to this path" }] });
}

/** Jira Cloud's REST v3 for one project: { email, token, projectKey }; issues it accepted are kept in `issues`. */
function jira(req, url, body, res) {
  const j = routes.get("jira");
  j.issues ??= [];
  const reply = (status, payload) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(payload));
  };
  received.push({
    path: "jira",
    method: req.method,
    url: url.pathname,
    headers: req.headers,
    body,
    at: Date.now(),
    verified: null,
  });
  const expected = `Basic ${Buffer.from(`${j.email}:${j.token}`).toString("base64")}`;
  if (req.headers.authorization !== expected)
    return reply(401, { errorMessages: ["Client must be authenticated to access this resource."], errors: {} });
  if (req.method === "GET" && url.pathname === `/rest/api/3/project/${j.projectKey}`)
    return reply(200, { key: j.projectKey, name: "Security" });
  if (req.method === "GET" && url.pathname.startsWith("/rest/api/3/project/"))
    return reply(404, { errorMessages: ["No project could be found with key."], errors: {} });
  if (req.method === "POST" && url.pathname === "/rest/api/3/issue") {
    const { fields } = JSON.parse(body);
    const errors = {};
    if (fields?.project?.key !== j.projectKey) errors.project = "valid project is required";
    if (!fields?.issuetype?.name) errors.issuetype = "Specify an issue type";
    if (
      typeof fields?.summary !== "string" ||
      !fields.summary ||
      fields.summary.length > 255 ||
      /\n/.test(fields.summary)
    )
      errors.summary = "Summary must be less than 255 characters and one line.";
    if (fields?.description?.type !== "doc" || fields.description.version !== 1)
      errors.description = "Operation value must be an Atlassian Document (see the Atlassian Document Format).";
    if (Object.keys(errors).length) return reply(400, { errorMessages: [], errors });
    const key = `${j.projectKey}-${j.issues.length + 1}`;
    j.issues.push({ key, fields });
    return reply(201, { id: String(10000 + j.issues.length), key, self: `http://jira/rest/api/3/issue/${key}` });
  }
  return reply(404, { errorMessages: ["not found"] });
}

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
