// The CLI's commands. Each calls the same services as the dashboard and API.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { z } from "zod";
import type { Db } from "@lantern/db/client";
import type { JobsClient } from "@lantern/jobs/client";
import { signUp } from "@lantern/services/accounts";
import type { ServiceContext } from "@lantern/services/context";
import { getUpload, receiveUpload } from "@lantern/services/ingest/uploads";
import { ZFormatQuery, ZSourceName } from "@lantern/services/ingest/validation";
import { createApiToken, TOKEN_SCOPES, type TokenScope } from "@lantern/services/tokens";
import { ZSignUp, ZTokenScope } from "@lantern/services/validation";
import { unsafeTenantIdBySlug } from "@lantern/services/workspaces";
import { required, UsageError, type Args } from "./args";
import { endProgress, progressBar } from "./progress";

const CLI_ACTOR = { id: "cli", label: "lantern CLI" };
const CLI_META = { ip: null, userAgent: "lantern-cli" };

export type Output = { out: (line: string) => void };

async function tenantBySlug(db: Db, slug: string): Promise<string> {
  // Operators act on any workspace by name; the CLI is run by whoever holds DATABASE_URL.
  const tenantId = await unsafeTenantIdBySlug(db, slug);
  if (!tenantId) throw new UsageError(`No workspace with the slug "${slug}".`);
  return tenantId;
}

export async function tenantCreate(ctx: ServiceContext, args: Args, io: Output) {
  const input = ZSignUp.parse({
    name:
      typeof args.options["owner-name"] === "string"
        ? args.options["owner-name"]
        : required(args.options, "owner-email").split("@")[0],
    email: required(args.options, "owner-email"),
    password: required(args.options, "owner-password"),
    workspaceName: required(args.options, "name"),
  });
  const { workspace } = await signUp(ctx, input, CLI_META);
  io.out(`created workspace ${workspace.name} (${workspace.slug}), owner ${input.email}`);
  io.out(`open ${ctx.config.appUrl}/w/${workspace.slug}`);
}

export async function tokenCreate(ctx: ServiceContext, args: Args, io: Output) {
  const tenantId = await tenantBySlug(ctx.db, required(args.options, "tenant"));
  const scopes = z
    .array(ZTokenScope)
    .min(1)
    .parse(
      String(args.options.scopes ?? "ingest")
        .split(",")
        .map((s) => s.trim()),
    ) as TokenScope[];
  const name =
    typeof args.options.name === "string"
      ? args.options.name
      : `cli ${scopes.join("+")} ${new Date().toISOString().slice(0, 10)}`;
  const token = await createApiToken(ctx, tenantId, CLI_ACTOR, { name, scopes }, CLI_META);
  io.out(`token "${token.name}" (${token.scopes.join(", ")}), shown once:`);
  io.out(token.token);
}

export async function ingest(ctx: ServiceContext & { jobs: JobsClient }, args: Args, io: Output) {
  const tenantId = await tenantBySlug(ctx.db, required(args.options, "tenant"));
  const files = args.words;
  if (files.length === 0) throw new UsageError("name at least one file: lantern ingest FILE... --tenant SLUG");
  const source = ZSourceName.parse(typeof args.options.source === "string" ? args.options.source : "cli");
  const formatSpec =
    typeof args.options.format === "string"
      ? ZFormatQuery.parse({
          format: args.options.format,
          logFormat: typeof args.options["log-format"] === "string" ? args.options["log-format"] : undefined,
          mapping: typeof args.options.mapping === "string" ? args.options.mapping : undefined,
        })
      : null;
  const until = untilStage(args.options.until);
  let failed = 0;
  for (const path of files) {
    const size = (await stat(path).catch(() => null))?.size;
    if (size === undefined) throw new UsageError(`${path}: no such file`);
    const upload = await receiveUpload(ctx, tenantId, createReadStream(path), {
      source,
      fileName: basename(path),
      via: "cli",
      formatSpec,
    });
    io.out(
      `${basename(path)}: upload ${upload.id} ${upload.status === "DUPLICATE" ? `is a duplicate of ${upload.duplicateOfId}; nothing to add` : "queued"}`,
    );
    if (!args.options.wait || upload.status === "DUPLICATE") continue;
    for (;;) {
      const u = await getUpload(ctx, tenantId, upload.id);
      progressBar(basename(path), u.progress, `${u.linesRead.toLocaleString("en")} lines`);
      if (u.status === "COMPLETED" || u.status === "FAILED") {
        endProgress();
        if (u.status === "FAILED") {
          failed++;
          io.out(`${basename(path)}: failed: ${u.error}`);
        } else {
          const reasons = Object.entries((u.rejectReasons ?? {}) as Record<string, number>)
            .map(([r, n]) => `${r} ${n}`)
            .join(", ");
          io.out(
            `${basename(path)}: ${u.linesAccepted.toLocaleString("en")} events from ${u.linesRead.toLocaleString("en")} lines, ${u.linesRejected.toLocaleString("en")} rejected${reasons ? ` (${reasons})` : ""}`,
          );
          io.out(
            `  format ${(u.formatSpec as { id: string } | null)?.id ?? "?"}, readiness ${(u.readiness as { score: number } | null)?.score ?? "?"}/100`,
          );
          await waitForLaterStages(ctx, tenantId, upload.id, until, io);
        }
        break;
      }
      await pause();
    }
  }
  if (failed) process.exitCode = 1;
}

const pause = () => new Promise((r) => setTimeout(r, 200));

const STAGE_LABEL: Record<string, string> = {
  discovery: "API inventory",
  detection: "abuse detection",
  posture: "posture findings",
};

const LATER_STAGES = ["discovery", "detection", "posture"] as const;
type Until = "ingest" | (typeof LATER_STAGES)[number];

const DONE_LINE: Record<(typeof LATER_STAGES)[number], string> = {
  discovery: "added to the API inventory",
  detection: "judged for abuse: alerts are ready",
  posture: "judged for posture: findings are ready",
};

/** How far --wait waits: through posture (alerts and findings ready) unless --until names an earlier stage. */
function untilStage(option: string | true | undefined): Until {
  if (option === undefined) return "posture";
  if (option === "ingest" || LATER_STAGES.includes(option as never)) return option as Until;
  throw new UsageError(`--until takes one of ${["ingest", ...LATER_STAGES].join(", ")}`);
}

/** After ingestion: discovery, then detection, each with its bar, until the stage `until` is done. */
async function waitForLaterStages(ctx: ServiceContext, tenantId: string, uploadId: string, until: Until, io: Output) {
  const stages = until === "ingest" ? [] : LATER_STAGES.slice(0, LATER_STAGES.indexOf(until) + 1);
  for (const name of stages) {
    for (;;) {
      const stage = (await getUpload(ctx, tenantId, uploadId)).stages.find((s) => s.stage === name)!;
      if (stage.state === "skipped") break;
      progressBar(`  ${STAGE_LABEL[name]}`, stage.progress, stage.state);
      if (stage.state === "done") {
        endProgress();
        io.out(`  ${DONE_LINE[name]}`);
        break;
      }
      await pause();
    }
  }
}

export const USAGE = `lantern: operate a Lantern installation from the shell

  lantern tenant create --name NAME --owner-email EMAIL --owner-password PASSWORD [--owner-name NAME]
  lantern token create --tenant SLUG [--scopes ${TOKEN_SCOPES.join(",")}] [--name NAME]
  lantern ingest FILE... --tenant SLUG [--format FORMAT] [--log-format LINE] [--mapping JSON] [--source NAME] [--wait [--until STAGE]]
  lantern simulate --out FILE [--format nginx|combined|common|envoy|aws-alb|aws-cloudfront|aws-api-gateway|kong|jsonl|har] [--days 3] [--scale 1] [--seed 42] [--truth FILE]
  lantern demo        create the demo workspace with simulated traffic (once), print its login

Reads DATABASE_URL, REDIS_URL, LANTERN_DATA_DIR and LANTERN_QUEUE_PREFIX like the apps.
The worker (npm start) processes what ingest queues; --wait shows its progress through ingestion,
the API inventory, abuse detection and posture, and returns when the upload's alerts and findings are
ready (--until ingest, discovery or detection returns after that stage).`;
