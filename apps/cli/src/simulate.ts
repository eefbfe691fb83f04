// `lantern simulate` (write labelled traffic to files) and `lantern demo`
// (the demo workspace `npm start` creates, with a few days of traffic).
import { createWriteStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { once } from "node:events";
import { z } from "zod";
import { signUp } from "@lantern/services/accounts";
import type { ServiceContext } from "@lantern/services/context";
import { receiveUpload } from "@lantern/services/ingest/uploads";
import { updateWorkspace } from "@lantern/services/workspaces";
import {
  SIM_FORMAT_NAMES,
  SIM_FORMATS,
  SIM_HEADERS,
  SIM_NGINX_FORMAT,
  simHar,
  truthLine,
} from "@lantern/simulator/formats";
import { DECOYS } from "@lantern/simulator/business";
import { simulate as generate } from "@lantern/simulator/generate";
import { required, UsageError, type Args } from "./args";
import type { Output } from "./commands";

const ZSimulate = z.object({
  days: z.coerce.number().int().min(1).max(60).default(3),
  seed: z.coerce.number().int().default(42),
  scale: z.coerce.number().positive().max(100).default(1),
  format: z.enum(SIM_FORMAT_NAMES).default("nginx"),
  start: z.coerce.date().optional(),
});

async function writeLines(path: string, lines: Iterable<string>) {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

/** HAR is a capture held in memory whole, by Lantern and by the browsers that write it. */
const MAX_HAR_ENTRIES = 200_000;

export async function simulateCommand(args: Args, io: Output) {
  const o = ZSimulate.parse(args.options);
  const outPath = required(args.options, "out");
  const truthPath = typeof args.options.truth === "string" ? args.options.truth : null;
  const start = o.start ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - o.days * 86_400_000);
  const requests = generate({ start, days: o.days, seed: o.seed, scale: o.scale });
  let count = 0;
  let attacks = 0;
  const counted = function* <T extends { attack: boolean }>(items: Iterable<T>) {
    for (const item of items) {
      count++;
      if (item.attack) attacks++;
      yield item;
    }
  };
  if (o.format === "har") {
    const all = [];
    for (const r of counted(requests)) {
      all.push(r);
      if (all.length > MAX_HAR_ENTRIES)
        throw new UsageError(
          `Too many requests for one HAR capture (at most ${MAX_HAR_ENTRIES.toLocaleString("en")}); use fewer --days or a lower --scale.`,
        );
    }
    await writeLines(outPath, [simHar(all)]);
    if (truthPath)
      await writeLines(
        truthPath,
        all.map((r, i) => truthLine(i + 1, r)),
      );
  } else {
    // Streamed: weeks at a high scale are millions of lines. The truth file
    // numbers lines as Lantern does, header lines included.
    const format = SIM_FORMATS[o.format];
    await mkdir(dirname(outPath), { recursive: true });
    const out = createWriteStream(outPath);
    const truth = truthPath ? createWriteStream(truthPath) : null;
    const write = async (stream: NodeJS.WritableStream, line: string) => {
      if (!stream.write(`${line}\n`)) await once(stream, "drain");
    };
    const header = SIM_HEADERS[o.format] ?? [];
    for (const line of header) await write(out, line);
    let lineNo = header.length;
    for (const r of counted(requests)) {
      await write(out, format(r));
      if (truth) await write(truth, truthLine(++lineNo, r));
    }
    for (const stream of truth ? [out, truth] : [out]) {
      stream.end();
      await once(stream, "finish");
    }
  }
  io.out(
    `wrote ${count.toLocaleString("en")} ${o.format === "har" ? "HAR entries" : "lines"} (${attacks.toLocaleString("en")} labelled attacks) to ${outPath}`,
  );
  if (o.format === "nginx") io.out(`format: nginx with this log_format:\n${SIM_NGINX_FORMAT}`);
}

export const DEMO_EMAIL = "demo@lantern.local";

/** Creates the demo workspace once, with three days of traffic ending now; prints its login either way. */
export async function demoCommand(ctx: ServiceContext, stateDir: string, io: Output) {
  const passwordFile = join(stateDir, "demo-password");
  const existing = await ctx.db.app.user.findUnique({ where: { email: DEMO_EMAIL }, select: { id: true } });
  if (existing) {
    const password = await readFile(passwordFile, "utf8").catch(() => null);
    io.out(
      `demo workspace: sign in at ${ctx.config.appUrl} as ${DEMO_EMAIL}${password ? ` / ${password.trim()}` : " (password in .lantern/demo-password was removed)"}`,
    );
    return;
  }
  const password = randomBytes(12).toString("base64url");
  const { workspace } = await signUp(
    ctx,
    { name: "Demo Admin", email: DEMO_EMAIL, password, workspaceName: "Northwind Pay (demo)" },
    { ip: null, userAgent: "lantern-cli" },
  );
  // Northwind declares its decoy endpoints, as a customer would in Settings: the demo's scanner walks into them.
  await updateWorkspace(
    ctx,
    workspace.tenantId,
    { id: "cli", label: "lantern CLI" },
    { decoyPaths: DECOYS },
    { ip: null, userAgent: "lantern-cli" },
  );
  await mkdir(stateDir, { recursive: true });
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  const days = 3;
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - days * 86_400_000);
  const lines = [...generate({ start, days, seed: 42, scale: 2 })].map(SIM_FORMATS.nginx);
  await receiveUpload(ctx, workspace.tenantId, Readable.from(lines.map((l) => `${l}\n`)), {
    source: "nginx-edge",
    fileName: "northwind-edge.log",
    via: "cli",
    formatSpec: { id: "nginx", logFormat: SIM_NGINX_FORMAT },
  });
  io.out(
    `created the demo workspace "${workspace.name}" with ${lines.length.toLocaleString("en")} simulated requests (the worker ingests them now)`,
  );
  io.out(`demo workspace: sign in at ${ctx.config.appUrl} as ${DEMO_EMAIL} / ${password}`);
}
