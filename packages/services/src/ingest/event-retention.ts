// Retention of API events. Partitions are per day for all workspaces: a day
// older than every workspace's retention is dropped whole; a workspace with
// a shorter retention has its older rows deleted from the remaining days.
// Retention counts from the later of an event's time and its upload's: a
// forensic upload of a year-old log is kept for the retention period from
// the day it was uploaded (the upload says so), not deleted overnight.
import type { Db } from "@lantern/db/client";

const DAY = 86_400_000;
const PARTITION = /^events_(\d{4})(\d{2})(\d{2})$/;

const utcDay = (ms: number) => new Date(Math.floor(ms / DAY) * DAY);

/** Creates today's partition and the next `days` ones, so ingestion rarely has to. */
export async function createEventPartitionsAhead(db: Db, now = new Date(), days = 7): Promise<void> {
  for (let i = 0; i <= days; i++) {
    const day = utcDay(now.getTime() + i * DAY)
      .toISOString()
      .slice(0, 10);
    await db.system.$executeRaw`SELECT telemetry.ensure_event_partition(${day}::date)`;
  }
}

/** A workspace's event retention until someone changes it (the tenants column's default says the same). */
export const DEFAULT_EVENT_RETENTION_DAYS = 30;

/** Drops partitions entirely older than the longest retention of any workspace. Returns their names. */
export async function dropExpiredEventPartitions(db: Db, now = new Date()): Promise<string[]> {
  const [{ max } = { max: null }] = await db.system.$queryRaw<
    { max: number | null }[]
  >`SELECT max("eventRetentionDays") AS max FROM tenants`;
  // No workspace yet: the default.
  const keepDays = max ?? DEFAULT_EVENT_RETENTION_DAYS;
  const cutoff = utcDay(now.getTime() - keepDays * DAY).getTime();
  const partitions = await db.system.$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
    WHERE n.nspname = 'telemetry' AND p.relname = 'events'`;
  // Uploads still within retention whose events are older: their days stay.
  const recentOldUploads = await db.system.$queryRaw<{ from: Date; to: Date }[]>`
    SELECT "timeFrom" AS from, "timeTo" AS to FROM uploads
    WHERE "createdAt" >= ${new Date(cutoff)} AND "timeFrom" < ${new Date(cutoff)} AND "timeTo" IS NOT NULL`;
  const dropped: string[] = [];
  for (const { name } of partitions) {
    const m = PARTITION.exec(name);
    if (!m) continue;
    const dayStart = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
    const dayEnd = dayStart + DAY;
    if (dayEnd > cutoff) continue;
    if (recentOldUploads.some((u) => u.from.getTime() < dayEnd && u.to.getTime() >= dayStart)) continue;
    // The name comes from the catalog and matched the pattern above.
    await db.system.$executeRawUnsafe(`DROP TABLE IF EXISTS telemetry."${name}"`);
    dropped.push(name);
  }
  return dropped.sort();
}

/** Deletes one workspace's events older than its own retention. Idempotent. */
export async function trimWorkspaceEvents(db: Db, tenantId: string, now = new Date()): Promise<number> {
  const tenant = await db.system.tenant.findUnique({ where: { id: tenantId }, select: { eventRetentionDays: true } });
  if (!tenant) return 0;
  const cutoff = new Date(now.getTime() - tenant.eventRetentionDays * DAY);
  // The objects actors touched are path values taken from the events: they go with them.
  await db.system.$executeRaw`DELETE FROM actor_objects WHERE "tenantId" = ${tenantId} AND "lastSeen" < ${cutoff}`;
  return db.system.$executeRaw`
    DELETE FROM telemetry.events e WHERE e.tenant_id = ${tenantId} AND e.ts < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = e.upload_id AND u."createdAt" >= ${cutoff})`;
}
