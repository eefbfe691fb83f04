// Every background job Lantern runs: its namespaced name, the queue it goes
// to, its payload schema and its retry policy. Payloads hold ids, never rows
// or secrets in clear. New payload fields must be optional so jobs already
// queued survive a deploy.
import { z } from "zod";

export const QUEUES = ["ingest", "discovery", "detection", "posture", "response", "mail", "maintenance"] as const;
export type QueueName = (typeof QUEUES)[number];

const ZTenantId = z.string().regex(/^ws_[0-9a-z]+$/, "tenantId must be a workspace id");

type JobSpec = {
  queue: QueueName;
  payload: z.ZodType;
  attempts: number;
  /** First retry after this many ms, doubling each time. */
  backoffMs: number;
};

export const JOBS = {
  // Mails an invitation link. The link is sealed with LANTERN_SECRET (see
  // services/crypto.ts) so Redis never holds it in clear.
  "mail.invitation": {
    queue: "mail",
    payload: z.object({ tenantId: ZTenantId, invitationId: z.string(), sealedLink: z.string() }),
    attempts: 6,
    backoffMs: 10_000,
  },
  // Mails a password reset link the person asked for. Not about a workspace
  // (a person's account spans them); the link is sealed like an invitation's.
  "mail.password-reset": {
    queue: "mail",
    payload: z.object({ resetId: z.string().regex(/^pwr_[0-9a-z]+$/), sealedLink: z.string() }),
    attempts: 6,
    backoffMs: 10_000,
  },
  // Parses, normalises and stores one upload. Resumes from the upload's
  // committed progress, so a retry neither duplicates nor skips lines.
  "ingest.process-upload": {
    queue: "ingest",
    payload: z.object({ tenantId: ZTenantId, uploadId: z.string().regex(/^upl_[0-9a-z]+$/) }),
    attempts: 5,
    backoffMs: 5_000,
  },
  // Adds one completed upload's events to the workspace's API inventory.
  // Runs once per upload (marked in the same transaction as its stats).
  "discovery.update-upload": {
    queue: "discovery",
    payload: z.object({ tenantId: ZTenantId, uploadId: z.string().regex(/^upl_[0-9a-z]+$/) }),
    attempts: 5,
    backoffMs: 5_000,
  },
  // Judges one upload's events for abuse once discovery has added them to the
  // inventory: actors, their hours, the detectors, alerts. Resumes after the
  // last part it committed, so a retry judges nothing twice.
  "detection.update-upload": {
    queue: "detection",
    payload: z.object({ tenantId: ZTenantId, uploadId: z.string().regex(/^upl_[0-9a-z]+$/) }),
    attempts: 5,
    backoffMs: 5_000,
  },
  // Judges the workspace's inventory for posture findings once an upload is
  // through detection; findings are written per endpoint and check, so a
  // re-run changes nothing.
  "posture.update-upload": {
    queue: "posture",
    payload: z.object({ tenantId: ZTenantId, uploadId: z.string().regex(/^upl_[0-9a-z]+$/) }),
    attempts: 5,
    backoffMs: 5_000,
  },
  // Runs the workspace's response policies over alerts raised, added to or
  // reopened since each was switched on (after an upload's posture stage).
  // A policy acts on an alert once (policy_matches), so a re-run adds nothing.
  "response.evaluate": {
    queue: "response",
    payload: z.object({ tenantId: ZTenantId }),
    attempts: 5,
    backoffMs: 5_000,
  },
  // Sends one delivery (services/response/deliveries.ts): 5 s, 10 s, 20 s…
  // between attempts, about 5 minutes in all before it is marked failed.
  "response.deliver": {
    queue: "response",
    payload: z.object({ tenantId: ZTenantId, deliveryId: z.string().regex(/^dlv_[0-9a-z]+$/) }),
    attempts: 7,
    backoffMs: 5_000,
  },
  // Mails the workspace's members who asked for it the alerts raised or
  // reopened since their last mail: "immediate" after each upload's
  // response stage, "daily" from the daily digest tick.
  "notify.mail": {
    queue: "mail",
    payload: z.object({ tenantId: ZTenantId, cadence: z.enum(["immediate", "daily"]) }),
    attempts: 6,
    backoffMs: 10_000,
  },
  // The daily tick: one notify.mail (daily) per workspace with a member who chose the digest.
  "system.digest-sweep": {
    queue: "maintenance",
    payload: z.object({}),
    attempts: 3,
    backoffMs: 60_000,
  },
  // Pushes the workspace's block (or rate-limit) list to one edge list
  // (AWS WAF IP set, Cloudflare List): after policies act, on "Push now",
  // and every 5 minutes from the sweep (expiries, changes by hand).
  "response.push": {
    queue: "response",
    payload: z.object({ tenantId: ZTenantId, integrationId: z.string().regex(/^int_[0-9a-z]+$/) }),
    attempts: 5,
    backoffMs: 5_000,
  },
  // The 5-minute tick: one response.push per switched-on edge list.
  "system.push-sweep": {
    queue: "maintenance",
    payload: z.object({}),
    attempts: 3,
    backoffMs: 30_000,
  },
  // Deletes one workspace's audit-log entries older than its retention.
  "audit.prune": {
    queue: "maintenance",
    payload: z.object({ tenantId: ZTenantId }),
    attempts: 3,
    backoffMs: 30_000,
  },
  // Deletes one workspace's API events older than its retention.
  "events.trim": {
    queue: "maintenance",
    payload: z.object({ tenantId: ZTenantId }),
    attempts: 3,
    backoffMs: 30_000,
  },
  // Fetches one workspace's threat-intelligence lists that come from a URL again.
  "threat-lists.refresh": {
    queue: "maintenance",
    payload: z.object({ tenantId: ZTenantId }),
    attempts: 2,
    backoffMs: 60_000,
  },
  // The hourly tick: one threat-lists.refresh per workspace with a URL list.
  "system.threat-lists-sweep": {
    queue: "maintenance",
    payload: z.object({}),
    attempts: 3,
    backoffMs: 60_000,
  },
  // Finds uploads whose ingestion stopped (no live job, no progress for a
  // while) in every workspace: queues each again, or fails it with the reason.
  "system.uploads-sweep": {
    queue: "maintenance",
    payload: z.object({}),
    attempts: 3,
    backoffMs: 30_000,
  },
  // A scheduler tick that reads no tenant data itself, fans out tenant-scoped
  // jobs per workspace, and manages the shared event partitions (create
  // ahead, drop expired).
  "system.retention-sweep": {
    queue: "maintenance",
    payload: z.object({}),
    attempts: 3,
    backoffMs: 60_000,
  },
} as const satisfies Record<string, JobSpec>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;

/** Scheduled jobs, upserted by the worker at start-up (idempotent). */
export const SCHEDULES: { id: string; job: JobName; cron: string }[] = [
  { id: "retention-sweep-daily", job: "system.retention-sweep", cron: "17 3 * * *" },
  { id: "threat-lists-hourly", job: "system.threat-lists-sweep", cron: "23 * * * *" },
  { id: "uploads-sweep", job: "system.uploads-sweep", cron: "*/5 * * * *" },
  { id: "alert-digest-daily", job: "system.digest-sweep", cron: "0 7 * * *" },
  { id: "edge-push-sweep", job: "system.push-sweep", cron: "*/5 * * * *" },
];

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return JOBS[name].payload.parse(data) as JobPayload<N>;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}
