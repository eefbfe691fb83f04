// One stored request, as evidence is linked to it (an alert's or a finding's
// samples name an upload and a line): every field the log gave, with the
// endpoint it was counted under, the actor it belongs to, the data source
// it came from, and what payloads and sensitive data it carried. Secrets
// were masked at ingestion; personal data in the path or query is masked
// here as in the samples, so following a link does not undo the masking.
import { type Prisma, Prisma as Sql, withTenant } from "@lantern/db/client";
import { loadLinks } from "@lantern/db/repositories/actors";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { ActorLinker, identityKey } from "@lantern/engine/detection/actors";
import type { Identity } from "@lantern/engine/normalize/identity";
import type { QueryParam } from "@lantern/engine/normalize/event";
import {
  PLACE_LABEL,
  SENSITIVE_LABEL,
  type SensitivePlace,
  type SensitiveType,
} from "@lantern/engine/normalize/sensitive-types";
import { ATTACK_LABEL, attacksInRequest } from "@lantern/engine/payloads/classify";
import { redactTarget, templatePattern } from "@lantern/engine/posture/samples";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { AppError } from "../errors";

export const ZRequestRef = z.object({
  uploadId: z.string().min(1).max(64),
  line: z.number().int().min(1).max(2_147_483_647),
});

type Row = {
  ts: Date;
  method: string;
  scheme: string | null;
  host: string | null;
  path: string;
  query: QueryParam[] | null;
  protocol: string | null;
  status: number | null;
  requestBytes: number | null;
  responseBytes: number | null;
  latencyMs: number | null;
  userAgent: string | null;
  referer: string | null;
  clientIp: string | null;
  peerIp: string | null;
  viaProxy: boolean;
  service: string | null;
  upstream: string | null;
  requestId: string | null;
  identities: Identity[] | null;
  jwtIssuer: string | null;
  country: string | null;
  sensitive: string[] | null;
  tls: string | null;
};

export async function getStoredRequest(ctx: ServiceContext, tenantId: string, ref: z.input<typeof ZRequestRef>) {
  const { uploadId, line } = ZRequestRef.parse(ref);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const upload = await tx.upload.findFirst({
      where: { id: uploadId, tenantId },
      select: { id: true, source: true, fileName: true, timeFrom: true, timeTo: true },
    });
    const row = upload ? await readEvent(tx, tenantId, upload, line) : null;
    if (!upload || !row) {
      // The retention is read only to explain a miss.
      const tenant = await tx.tenant.findUniqueOrThrow({
        where: { id: tenantId },
        select: { eventRetentionDays: true },
      });
      throw new AppError(
        "NOT_FOUND",
        `Request not found: it was never stored, or it is older than this workspace keeps requests (${tenant.eventRetentionDays} days).`,
      );
    }
    const identities = row.identities ?? [];
    const host = row.host ?? row.service ?? upload.source;
    const [endpoint, actor] = await Promise.all([
      endpointOf(tx, tenantId, host, row.method, row.path),
      actorOf(tx, tenantId, identities, row.clientIp, { uploadId, line }),
    ]);
    return {
      uploadId,
      line,
      ts: row.ts,
      method: row.method,
      scheme: row.scheme,
      host: row.host,
      target: redactTarget(row.path, row.query),
      protocol: row.protocol,
      status: row.status,
      latencyMs: row.latencyMs,
      requestBytes: row.requestBytes,
      responseBytes: row.responseBytes,
      clientIp: row.clientIp,
      peerIp: row.peerIp,
      viaProxy: row.viaProxy,
      country: row.country,
      userAgent: row.userAgent,
      referer: row.referer,
      service: row.service,
      upstream: row.upstream,
      requestId: row.requestId,
      tls: row.tls,
      jwtIssuer: row.jwtIssuer,
      identities: shownIdentities(identities),
      sensitive: (row.sensitive ?? []).map((code) => {
        const [type, where] = code.split(":") as [SensitiveType, SensitivePlace];
        return { label: SENSITIVE_LABEL[type] ?? type, where: PLACE_LABEL[where] ?? where };
      }),
      attacks: attacksInRequest(row.path, row.query ?? []).map((kind) => ATTACK_LABEL[kind]),
      upload: { id: upload.id, source: upload.source, fileName: upload.fileName },
      endpoint,
      actor,
    };
  });
}

/** Identities as shown, once each: a token in the header and the same claims in the query name a user twice. */
function shownIdentities(identities: Identity[]) {
  const seen = new Map<string, { kind: string; shown: string; source: string; weakJwt: string | null }>();
  for (const id of identities) {
    const shown = "secret" in id ? `${id.secret.display} #${id.secret.hash.slice(0, 4)}` : id.value;
    const key = `${id.kind}:${shown}`;
    if (!seen.has(key))
      seen.set(key, {
        kind: id.kind,
        shown,
        source: id.source,
        weakJwt: "weakJwt" in id ? (id.weakJwt ?? null) : null,
      });
  }
  return [...seen.values()];
}

/** The event, read within the upload's time span so only the partitions it covers are searched. */
async function readEvent(
  tx: Prisma.TransactionClient,
  tenantId: string,
  upload: { id: string; timeFrom: Date | null; timeTo: Date | null },
  line: number,
): Promise<Row | null> {
  const span =
    upload.timeFrom && upload.timeTo ? Sql.sql`AND ts >= ${upload.timeFrom} AND ts <= ${upload.timeTo}` : Sql.empty;
  const rows = await tx.$queryRaw<Row[]>(Sql.sql`
    SELECT ts, method, scheme, host, path, query, protocol, status, request_bytes::float8 AS "requestBytes",
      response_bytes::float8 AS "responseBytes", latency_ms AS "latencyMs", user_agent AS "userAgent", referer,
      host(client_ip) AS "clientIp", host(peer_ip) AS "peerIp", via_proxy AS "viaProxy", service, upstream,
      request_id AS "requestId", identities, jwt_issuer AS "jwtIssuer", country, sensitive, tls
    FROM telemetry.events
    WHERE tenant_id = ${tenantId} AND upload_id = ${upload.id} AND line_no = ${line} ${span}
    LIMIT 1`);
  return rows[0] ?? null;
}

/** The inventory endpoint whose template the path fits (the most literal one when several do). */
async function endpointOf(tx: Prisma.TransactionClient, tenantId: string, host: string, method: string, path: string) {
  const candidates = await tx.apiEndpoint.findMany({
    where: { tenantId, method, service: { host } },
    select: { id: true, method: true, template: true, service: { select: { host: true } } },
  });
  const fits = candidates
    .filter((e) => new RegExp(templatePattern(e.template)).test(path))
    .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  const best = fits[0];
  return best ? { id: best.id, label: storedEndpointLabel(best) } : null;
}

/** The actor the request belongs to, by the links detection stored (a credential or address to its person). */
async function actorOf(
  tx: Prisma.TransactionClient,
  tenantId: string,
  identities: Identity[],
  clientIp: string | null,
  ref: { uploadId: string; line: number },
) {
  const keys = [...identities.map(identityKey), ...(clientIp ? [`ip:${clientIp}`] : [])];
  const links = await loadLinks(tx, tenantId, keys);
  // Links point at most a few hops (an address to a credential to a person): load the next hop too.
  const next = links.flatMap(([, l]) => ("to" in l ? [l.to] : []));
  const more = next.length ? await loadLinks(tx, tenantId, next) : [];
  // A throwaway linker decides as detection did; what it learns here is not stored.
  const key = new ActorLinker([...links, ...more]).observe(identities, clientIp, ref);
  if (!key) return null;
  return tx.actor.findFirst({ where: { tenantId, key }, select: { id: true, label: true } });
}
