// Lantern's web server: Next.js behind Node's own HTTP server, for one
// reason: the client's address. Next sets X-Forwarded-For only when a
// request has none, so a client could write its own and rotate it to get
// past the per-source sign-in limit and into the audit log as anyone. Here
// the socket's address is always appended as the last hop; the app trusts
// TRUST_PROXY_HOPS hops before it (its own proxies) and nothing further left.
//   node server.mjs [-p 3000] [-H 0.0.0.0]
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? "0.0.0.0";

const app = next({ dev: false, hostname, port, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  const peer = req.socket.remoteAddress ?? "";
  const forwarded = req.headers["x-forwarded-for"];
  const hops = Array.isArray(forwarded) ? forwarded.join(", ") : forwarded;
  req.headers["x-forwarded-for"] = hops ? `${hops}, ${peer}` : peer;
  handle(req, res);
}).listen(port, hostname, () => console.log(`Lantern web on http://${hostname}:${port}`));
