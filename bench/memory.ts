// Benchmark 3 of the ingestion issue: peak memory of the web app and the
// worker while a 2 GB file is uploaded through POST /api/v1/ingest and
// ingested (goal: under 1 GB each). Peak = the kernel's VmHWM of each process.
// Builds the web app first (a turbo cache hit when nothing changed).
//   npx tsx bench/memory.ts [bytes]
import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { simulatedLogFile } from "./lib/sim-file";
import { buildWeb, peakRss, startStack } from "./lib/stack";

const BYTES = Number(process.argv[2] ?? 2_000_000_000);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString("en")} MB`;

const file = await simulatedLogFile("combined", { bytes: BYTES });
const size = statSync(file).size;
buildWeb();

const stack = await startStack({ web: true });
try {
  stack.lantern([
    "tenant",
    "create",
    "--name",
    "Bench",
    "--owner-email",
    "bench@example.com",
    "--owner-password",
    "bench-password-1",
  ]);
  const slug = stack.psql("SELECT slug FROM tenants LIMIT 1");
  const token = stack
    .lantern(["token", "create", "--tenant", slug, "--scopes", "ingest,read"])
    .trim()
    .split("\n")
    .pop()!;
  const webIdle = peakRss(stack.web!.pid!);
  const workerIdle = peakRss(stack.worker.pid!);

  const start = Date.now();
  const res = await fetch(`${stack.webUrl}/api/v1/ingest?format=combined&source=bench`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "text/plain", "content-length": String(size) },
    body: Readable.toWeb(createReadStream(file, { highWaterMark: 1 << 20 })) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  const { uploadId } = (await res.json()) as { uploadId: string };
  const uploaded = (Date.now() - start) / 1000;
  console.log(`uploaded ${mb(size)} in ${uploaded.toFixed(1)} s; web peak so far ${mb(peakRss(stack.web!.pid!))}`);

  let upload: { status: string; lines: { read: number; accepted: number }; error?: string };
  for (;;) {
    upload = (await (
      await fetch(`${stack.webUrl}/api/v1/uploads/${uploadId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as typeof upload;
    if (upload.status === "COMPLETED" || upload.status === "FAILED") break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const total = (Date.now() - start) / 1000;
  const peaks = { web: peakRss(stack.web!.pid!), worker: peakRss(stack.worker.pid!) };
  if (upload.status !== "COMPLETED") throw new Error(`the upload failed: ${upload.error}`);
  console.log(
    `ingested ${upload.lines.accepted.toLocaleString("en")} of ${upload.lines.read.toLocaleString("en")} lines in ${total.toFixed(0)} s`,
  );
  console.log(`web     peak RSS ${mb(peaks.web)} (after start-up ${mb(webIdle)})  goal < 1,024 MB`);
  console.log(`worker  peak RSS ${mb(peaks.worker)} (after start-up ${mb(workerIdle)})  goal < 1,024 MB`);
} finally {
  await stack.stop();
}
