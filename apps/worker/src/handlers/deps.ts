import type { JobsClient } from "@lantern/jobs/client";
import type { PipelineDeps } from "@lantern/services/pipeline/stages";
import type { OutboundPolicy } from "@lantern/services/response/outbound";
import type { Transporter } from "nodemailer";

/** What job handlers need, passed in so tests can build it from their own config. */
export type WorkerDeps = PipelineDeps & {
  jobs: JobsClient;
  mailer: Pick<Transporter, "sendMail"> | null;
  mailFrom: string;
  /** The dashboard's public URL, for links in notices. */
  appUrl: string;
  /** Which addresses integrations may be on (services/response/outbound.ts). */
  outbound: OutboundPolicy;
  /** The job lock (WORKER_LOCK_DURATION_MS): the uploads sweep calls an upload stopped after twice this without progress. */
  lockDurationMs?: number;
};
