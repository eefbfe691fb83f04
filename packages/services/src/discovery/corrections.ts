// People's corrections to endpoint templates, and the spec paths matched
// before learning. Both are declarations on the templater (declare / pin),
// applied on every discovery run so that later traffic never undoes them,
// and applied at once to the stored endpoints of the host (regrouped).
import { z } from "zod";
import { withTenant, type Db, type Prisma, type TenantTx } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { mergeStats, type EndpointStats } from "@lantern/engine/discovery/endpoint-stats";
import { parameterName } from "@lantern/engine/discovery/segments";
import { splitPath, Templater, type TemplaterState } from "@lantern/engine/discovery/templater";
import type { SpecOperation } from "@lantern/engine/spec/openapi";
import { recordAudit } from "../audit";
import type { Actor, RequestMeta, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { endpointColumns } from "./endpoint-columns";
import { withWorkspaceLock } from "../pipeline/workspace-lock";
import { moveEndpointTraffic } from "./traffic-rollup";
import { applySpec } from "./spec-status";

export const MERGED_WHY = "marked variable by a person";

/** Spec paths as templater templates: parameter names reduced to word characters ({repo-name} → {repo_name}). */
export function specTemplates(operations: SpecOperation[]): string[] {
  return [
    ...new Set(
      operations.map((o) =>
        o.path.replace(
          /\{([^}]*)\}/g,
          (_, name: string) => `{${name.replace(/\W+/g, "_").replace(/^(\d)/, "p$1") || "id"}}`,
        ),
      ),
    ),
  ];
}

/** Specs first (their paths as declared), then people's corrections in the order they were made. */
export async function applyDeclarations(
  tx: TenantTx,
  tenantId: string,
  templater: Templater,
  host?: string,
): Promise<void> {
  const specs = await tx.apiSpec.findMany({
    where: { tenantId, ...(host ? { host } : {}) },
    select: { host: true, fileName: true, operations: true },
  });
  for (const spec of specs)
    templater.declareAll(
      spec.host,
      specTemplates(spec.operations as unknown as SpecOperation[]),
      `declared in the spec (${spec.fileName})`,
    );
  const corrections = await tx.templateCorrection.findMany({
    where: { tenantId, ...(host ? { host } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  for (const c of corrections) {
    if (c.kind === "MERGE") templater.declare(c.host, c.template, MERGED_WHY);
    else templater.pin(c.host, c.template, c.literal!);
  }
}

/**
 * Re-templates the stored endpoints of one host with the templater as it is
 * now: an endpoint whose template changed is renamed, or folded into the
 * endpoint that already has its new template (stats merged, hourly traffic
 * and changes moved). Returns where each moved endpoint went.
 */
export async function regroupHost(
  tx: TenantTx,
  tenantId: string,
  host: string,
  templater: Templater,
): Promise<Map<string, string>> {
  const moved = new Map<string, string>();
  const service = await tx.apiService.findUnique({
    where: { tenantId_host: { tenantId, host } },
    select: { id: true },
  });
  if (!service) return moved;
  const rows = await tx.apiEndpoint.findMany({
    where: { tenantId, serviceId: service.id },
    select: { id: true, method: true, template: true, stats: true },
  });
  const byKey = new Map(rows.map((r) => [`${r.method} ${r.template}`, r]));
  const variables = new Map(
    templater
      .endpoints({ includeNotFound: true })
      .filter((e) => e.host === host)
      .map((e) => [`${e.method} ${e.template}`, e.variables]),
  );
  for (const row of rows) {
    const now = templater.templateOf(host, row.template);
    if (now === row.template) continue;
    const key = `${row.method} ${now}`;
    const target = byKey.get(key);
    byKey.delete(`${row.method} ${row.template}`);
    if (target) {
      const merged = mergeStats(target.stats as unknown as EndpointStats, row.stats as unknown as EndpointStats);
      target.stats = merged as unknown as Prisma.JsonValue;
      await tx.apiEndpoint.update({
        where: { id: target.id },
        data: endpointColumns(merged, now, variables.get(key) ?? []).data,
      });
      await moveEndpointTraffic(tx, row.id, target.id);
      await tx.apiChange.updateMany({ where: { tenantId, endpointId: row.id }, data: { endpointId: target.id } });
      await tx.apiEndpoint.delete({ where: { id: row.id } });
      moved.set(row.id, target.id);
    } else {
      const stats = row.stats as unknown as EndpointStats;
      await tx.apiEndpoint.update({
        where: { id: row.id },
        data: { template: now, ...endpointColumns(stats, now, variables.get(key) ?? []).data },
      });
      byKey.set(key, { ...row, template: now });
      moved.set(row.id, row.id);
    }
  }
  return moved;
}

/** Applies a host's declarations to the stored templater and its stored endpoints (call under the discovery lock). */
export async function retemplateHost(tx: TenantTx, tenantId: string, host: string): Promise<Map<string, string>> {
  const saved = await tx.discoveryState.findUnique({ where: { tenantId } });
  const templater = saved ? Templater.fromJSON(saved.templater as unknown as TemplaterState) : new Templater();
  await applyDeclarations(tx, tenantId, templater, host);
  const moved = await regroupHost(tx, tenantId, host, templater);
  const state = templater.toJSON() as unknown as Prisma.InputJsonValue;
  await tx.discoveryState.upsert({
    where: { tenantId },
    create: { tenantId, templater: state },
    update: { templater: state },
  });
  return moved;
}

export const ZMarkVariable = z.object({
  endpointId: z.string().min(1).max(64),
  /** 0-based index of the path segment to treat as a variable. */
  position: z.number().int().min(0).max(23),
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z]\w{0,39}$/, "A name of letters, digits and _ starting with a letter")
    .optional(),
});
export const ZKeepLiteral = z.object({
  endpointId: z.string().min(1).max(64),
  /** 0-based index of the variable segment. */
  position: z.number().int().min(0).max(23),
  value: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^/?#\s{}]+$/, "One path segment, without / ? # { } or spaces"),
});

type Who = { actor: Actor; meta?: RequestMeta };

async function correct(
  ctx: ServiceContext,
  tenantId: string,
  endpointId: string,
  make: (e: { host: string; template: string }) => { kind: "MERGE" | "SPLIT"; template: string; literal?: string },
  who: Who,
) {
  return withWorkspaceLock(ctx.db, tenantId, () =>
    withTenant(
      ctx.db,
      tenantId,
      async (tx) => {
        const endpoint = await tx.apiEndpoint.findFirst({
          where: { id: endpointId, tenantId },
          select: { id: true, template: true, service: { select: { host: true } } },
        });
        if (!endpoint) throw notFound("Endpoint");
        const host = endpoint.service.host;
        const correction = make({ host, template: endpoint.template });
        const id = newId("correction");
        await tx.templateCorrection.create({ data: { id, tenantId, host, ...correction, createdById: who.actor.id } });
        const moved = await retemplateHost(tx, tenantId, host);
        await applySpec(tx, tenantId, host);
        await recordAudit(tx, {
          tenantId,
          actor: who.actor,
          action: correction.kind === "MERGE" ? "inventory.template_merged" : "inventory.template_split",
          target: { type: "endpoint", id: endpoint.id },
          metadata: { host, ...correction },
          meta: who.meta,
        });
        return {
          correctionId: id,
          endpointId: moved.get(endpoint.id) ?? endpoint.id,
          template: correction.template,
          merged: [...moved].filter(([from, to]) => from !== to).length,
        };
      },
      { timeoutMs: 60_000 },
    ),
  );
}

/** Treats one literal segment of an endpoint's template as a variable: every word in that place (not kept literal) merges into it. */
export async function markVariable(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZMarkVariable>,
  who: Who,
) {
  const q = ZMarkVariable.parse(input);
  return correct(
    ctx,
    tenantId,
    q.endpointId,
    ({ template }) => {
      const parts = splitPath(template);
      const segment = parts[q.position];
      if (segment === undefined || segment.startsWith("{"))
        throw new AppError("BAD_REQUEST", "That segment is not a literal of this endpoint's path.");
      parts[q.position] =
        `{${q.name ?? parameterName(q.position > 0 && !parts[q.position - 1]!.startsWith("{") ? parts[q.position - 1]! : null, "word")}}`;
      return { kind: "MERGE", template: `/${parts.join("/")}` };
    },
    who,
  );
}

/** Keeps one value literal in a variable place: from now on it is an endpoint of its own. Calls already counted stay where they are. */
export async function keepLiteral(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZKeepLiteral>,
  who: Who,
) {
  const q = ZKeepLiteral.parse(input);
  return correct(
    ctx,
    tenantId,
    q.endpointId,
    ({ template }) => {
      const parts = splitPath(template);
      if (!parts[q.position]?.startsWith("{"))
        throw new AppError("BAD_REQUEST", "That segment is not a variable of this endpoint's path.");
      return { kind: "SPLIT", template: `/${parts.slice(0, q.position).join("/")}`, literal: q.value };
    },
    who,
  );
}

/** The corrections made to a host's templates, newest first. */
export async function listCorrections(db: Db, tenantId: string, host: string) {
  return withTenant(db, tenantId, (tx) =>
    tx.templateCorrection.findMany({ where: { tenantId, host }, orderBy: { createdAt: "desc" }, take: 100 }),
  );
}
