// A stand-in for the HTTP services Lantern's integrations call (a webhook
// consumer, Slack, Teams, Splunk's HTTP Event Collector), run as its own
// process by the tests. It checks what the real ones check: Standard
// Webhooks signatures (with the standardwebhooks library, not Lantern's
// code), the HEC token, and answers as they do. Tests read what it received
// from GET /_received and configure it with POST /_config.
//
//   node scripts/receivers/http-receiver.mjs   → prints {"port":N} once listening
import { createServer } from "node:http";
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
    if (url.pathname === "/_config") {
      const { path, ...config } = JSON.parse(body);
      routes.set(path, config);
      return reply(res, 200, { ok: true });
    }
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

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
