// Threat-intelligence lists a workspace imports (Settings → threat
// intelligence): a file's text, or a URL of a plain list fetched by the
// server. Importing under an existing name replaces that list. Fetching a URL
// for a user is a classic server-side request forgery, so only https is
// fetched, never to a private, loopback or link-local address (every address
// the name resolves to is checked), without redirects, within 10 s and 5 MB.
// Lists from a URL are fetched again every hour by the worker: a failed
// fetch keeps the entries it had and says why on the list.
import { lookup } from "node:dns/promises";
import { z } from "zod";
import { withTenant, type Db, type Prisma } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { IpLists, parseIpList } from "@lantern/engine/detection/ip-list";
import { classifyIp } from "@lantern/engine/normalize/ip";
import { recordAudit } from "../audit";
import type { Actor as Who, RequestMeta, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";

export const MAX_LIST_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

export const ZImportThreatList = z
  .object({
    name: z.string().trim().min(1, "Name the list").max(80, "Keep the name under 80 characters"),
    text: z.string().max(MAX_LIST_BYTES, "Lists are limited to 5 MB").optional(),
    url: z
      .url({ protocol: /^https$/, error: "Give an https:// address of a plain list" })
      .max(2_000)
      .optional(),
  })
  .refine(
    (v) => (v.text === undefined) !== (v.url === undefined),
    "Give the list's text or its https:// address, not both",
  );
export const ZThreatListRef = z.object({ listId: z.string().min(1).max(64) });

export async function importThreatList(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZImportThreatList>,
  who: Who,
  meta?: RequestMeta,
) {
  const q = ZImportThreatList.parse(input);
  const text = q.text ?? (await fetchList(q.url!));
  const parsed = parseIpList(text);
  if (parsed.entries.length === 0) {
    throw new AppError(
      "BAD_REQUEST",
      `No address or range found in the list${parsed.firstSkipped ? ` (first unreadable line: "${parsed.firstSkipped}")` : ""}.`,
    );
  }
  return withTenant(ctx.db, tenantId, async (tx) => {
    const source = q.url ?? "file";
    const row = await tx.threatList.upsert({
      where: { tenantId_name: { tenantId, name: q.name } },
      create: {
        id: newId("threatList"),
        tenantId,
        name: q.name,
        source,
        entries: parsed.entries,
        skipped: parsed.skipped,
        createdById: who.id,
        refreshedAt: q.url ? new Date() : null,
      },
      update: {
        source,
        entries: parsed.entries,
        skipped: parsed.skipped,
        refreshedAt: q.url ? new Date() : null,
        refreshError: null,
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who,
      action: "threat_list.imported",
      target: { type: "threat_list", id: row.id },
      metadata: { name: q.name, source, entries: parsed.entries.length },
      meta,
    });
    return { id: row.id, entries: parsed.entries.length, skipped: parsed.skipped, firstSkipped: parsed.firstSkipped };
  });
}

export async function listThreatLists(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const rows = await tx.$queryRaw<
      {
        id: string;
        name: string;
        source: string;
        entries: number;
        skipped: number;
        updatedAt: Date;
        refreshedAt: Date | null;
        refreshError: string | null;
        createdBy: string | null;
      }[]
    >`
      SELECT l.id, l.name, l.source, cardinality(l.entries) AS entries, l.skipped, l."updatedAt", l."refreshedAt", l."refreshError", coalesce(nullif(u.name, ''), u.email) AS "createdBy"
      FROM threat_lists l LEFT JOIN users u ON u.id = l."createdById" WHERE l."tenantId" = ${tenantId} ORDER BY l.name`;
    return rows;
  });
}

export async function deleteThreatList(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZThreatListRef>,
  who: Who,
  meta?: RequestMeta,
) {
  const q = ZThreatListRef.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await tx.threatList.findFirst({ where: { id: q.listId, tenantId }, select: { id: true, name: true } });
    if (!row) throw notFound("Threat list");
    await tx.threatList.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      tenantId,
      actor: who,
      action: "threat_list.deleted",
      target: { type: "threat_list", id: row.id },
      metadata: { name: row.name },
      meta,
    });
    return { id: row.id };
  });
}

/** The workspaces that have a list fetched from a URL (the hourly refresh's fan-out; no tenant data read). */
export async function tenantsWithUrlLists(db: Db): Promise<string[]> {
  const rows = await db.system.threatList.findMany({
    where: { source: { not: "file" } },
    distinct: ["tenantId"],
    select: { tenantId: true },
  });
  return rows.map((r) => r.tenantId);
}

/**
 * Fetches a workspace's URL lists again. A list that cannot be fetched, or
 * comes back with no address, keeps its entries and records why: a
 * publisher's outage must not empty a blocklist.
 */
export async function refreshThreatLists(
  db: Db,
  tenantId: string,
  fetcher: (url: string) => Promise<string> = fetchList,
): Promise<{ refreshed: number; failed: number }> {
  const lists = await withTenant(db, tenantId, (tx) =>
    tx.threatList.findMany({ where: { tenantId, source: { not: "file" } }, select: { id: true, source: true } }),
  );
  let failed = 0;
  for (const list of lists) {
    let update: Prisma.ThreatListUpdateInput;
    try {
      const parsed = parseIpList(await fetcher(list.source));
      if (parsed.entries.length === 0)
        throw new Error("the list now holds no address or range; the previous entries are kept");
      update = { entries: parsed.entries, skipped: parsed.skipped, refreshedAt: new Date(), refreshError: null };
    } catch (e) {
      failed++;
      update = {
        refreshError:
          `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ${e instanceof Error ? e.message : String(e)}`.slice(
            0,
            500,
          ),
      };
    }
    await withTenant(db, tenantId, (tx) => tx.threatList.update({ where: { id: list.id }, data: update }));
  }
  return { refreshed: lists.length - failed, failed };
}

/** The workspace's lists, ready to match (for detection). */
export async function loadIpLists(tx: Prisma.TransactionClient, tenantId: string): Promise<IpLists> {
  return new IpLists(await tx.threatList.findMany({ where: { tenantId }, select: { name: true, entries: true } }));
}

/** Fetches a public list over https, refusing addresses inside private networks. */
export async function fetchList(
  url: string,
  resolve: (host: string) => Promise<{ address: string }[]> = (host) => lookup(host, { all: true }),
): Promise<string> {
  const target = new URL(url);
  if (target.protocol !== "https:") throw new AppError("BAD_REQUEST", "Only https:// lists are fetched.");
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const addresses = classifyIp(host).ip ? [{ address: host }] : await resolve(host).catch(() => []);
  if (addresses.length === 0) throw new AppError("BAD_REQUEST", `Could not resolve ${host}.`);
  // DNS could answer differently when fetch resolves again; a private address in any answer refuses the whole name.
  if (addresses.some((a) => classifyIp(a.address).private || classifyIp(a.address).ip === null)) {
    throw new AppError(
      "BAD_REQUEST",
      `${host} resolves to a private or local address: Lantern only fetches public lists.`,
    );
  }
  let res: Response;
  try {
    res = await fetch(target, {
      redirect: "error",
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: "text/plain, */*" },
    });
  } catch (e) {
    throw new AppError("BAD_REQUEST", `Could not fetch the list: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok || !res.body) throw new AppError("BAD_REQUEST", `The list's server answered ${res.status}.`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_LIST_BYTES) throw new AppError("BAD_REQUEST", "The list is larger than 5 MB.");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
