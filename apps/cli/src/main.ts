// `lantern`: the operator's command line.
import { ZodError } from "zod";
import { createDb } from "@lantern/db/client";
import { createJobsClient } from "@lantern/jobs/client";
import { AppError } from "@lantern/services/errors";
import { parseArgs, UsageError } from "./args";
import { ingest, tenantCreate, tokenCreate, USAGE } from "./commands";
import { demoCommand, simulateCommand } from "./simulate";
import { ZCliEnv } from "./config";

const args = parseArgs(process.argv.slice(2));
// Two-word commands ("token create"); one-word ones put their argument back below.
const command = args.words.splice(0, 2).join(" ");
const env = ZCliEnv.parse(process.env);
const io = { out: (line: string) => console.log(line) };

if (!command || command === "help" || args.options.help) {
  console.log(USAGE);
  process.exit(0);
}

const db = createDb({ databaseUrl: env.DATABASE_URL, poolSize: 2 });
const jobs = createJobsClient({ redisUrl: env.REDIS_URL, prefix: env.LANTERN_QUEUE_PREFIX });
const ctx = {
  db,
  jobs,
  config: { appUrl: env.APP_URL, secret: env.LANTERN_SECRET ?? "", mailEnabled: false, dataDir: env.LANTERN_DATA_DIR },
};

try {
  if (command === "tenant create") await tenantCreate(ctx, args, io);
  else if (command === "token create") await tokenCreate(ctx, args, io);
  else if (command === "simulate" || command.startsWith("simulate ")) await simulateCommand(args, io);
  else if (command === "demo") await demoCommand(ctx, env.LANTERN_STATE_DIR, io);
  else if (command.startsWith("ingest")) {
    // "ingest FILE": the first file was taken as the command's second word.
    const [, first] = command.split(" ");
    if (first) args.words.unshift(first);
    await ingest(ctx, args, io);
  } else throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
} catch (error) {
  const message =
    error instanceof UsageError || error instanceof AppError
      ? error.message
      : error instanceof ZodError
        ? error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")
        : null;
  if (!message) throw error;
  console.error(`lantern: ${message}`);
  process.exitCode = 2;
} finally {
  await jobs.close();
  await db.close();
}
