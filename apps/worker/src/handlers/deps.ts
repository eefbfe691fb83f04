import type { Db } from "@lantern/db/client";
import type { JobsClient } from "@lantern/jobs/client";
import type { Transporter } from "nodemailer";
import type { ReadLimits } from "@lantern/services/ingest/read-limits";

/** What job handlers need, passed in so tests can build it from their own config. */
export type WorkerDeps = {
  db: Db;
  jobs: JobsClient;
  secret: string;
  mailer: Pick<Transporter, "sendMail"> | null;
  mailFrom: string;
  /** The job lock (WORKER_LOCK_DURATION_MS): the uploads sweep calls an upload stopped after twice this without progress. */
  lockDurationMs?: number;
  /** Bounds on one upload's lines and decompressed bytes (defaults when not given). */
  readLimits?: Partial<ReadLimits>;
  /** Lines per ingestion turn (tests make it small to see turns taken). */
  ingestSliceLines?: number;
  /** Events per discovery and detection part (tests make it small to see parts taken). */
  discoveryPartEvents?: number;
};
