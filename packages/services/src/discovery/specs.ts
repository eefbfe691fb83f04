// Specs per service: upload an OpenAPI or Swagger document for a host, and
// keep every endpoint of that host marked documented, shadow or zombie
// against it (on upload, and whenever discovery writes the host's endpoints).
import { withTenant, type Prisma } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import type { EndpointStats } from "@lantern/engine/discovery/endpoint-stats";
import type { SpecIssue } from "@lantern/engine/posture/types";
import { diffSpec } from "@lantern/engine/spec/diff";
import { parseSpec, type SpecOperation } from "@lantern/engine/spec/openapi";
import type { ServiceContext } from "../context";
import { AppError } from "../errors";
import { retemplateHost } from "./corrections";
import { withWorkspaceLock } from "../pipeline/workspace-lock";
import { applySpec } from "./spec-status";
import { judgeInventory } from "../posture/judge-inventory";
import { lintSpec, type SpecLint, specIssues } from "../posture/spec-lint";

export type SpecUpload = {
  text: string;
  fileName: string /** The service it documents; defaults to the spec's own host. */;
  host?: string;
};

export async function uploadSpec(ctx: ServiceContext, tenantId: string, input: SpecUpload) {
  const spec = parseSpec(input.text);
  if ("error" in spec) throw new AppError("BAD_REQUEST", spec.error);
  if (spec.operations.length === 0) throw new AppError("BAD_REQUEST", "This document describes no operations.");
  const host = (input.host?.trim().toLowerCase() || spec.hosts[0]) ?? null;
  if (!host) throw new AppError("BAD_REQUEST", "This document names no host: choose the service it describes.");
  const lint = await lintSpec(input.text, spec.operations);
  // Under the discovery lock: the spec's paths become templates the host's endpoints follow.
  const saved = await withWorkspaceLock(ctx.db, tenantId, () =>
    withTenant(
      ctx.db,
      tenantId,
      async (tx) => {
        const data = {
          fileName: input.fileName.slice(0, 200),
          dialect: spec.dialect,
          title: spec.title.slice(0, 200),
          version: spec.version.slice(0, 50),
          operations: spec.operations as unknown as Prisma.InputJsonValue,
          warnings: spec.warnings as unknown as Prisma.InputJsonValue,
          lint: lint as unknown as Prisma.InputJsonValue,
        };
        const saved = await tx.apiSpec.upsert({
          where: { tenantId_host: { tenantId, host } },
          create: { id: newId("spec"), tenantId, host, ...data },
          update: data,
        });
        await retemplateHost(tx, tenantId, host);
        const marked = await applySpec(tx, tenantId, host);
        // Shadow, zombie and the spec's own issues change with it: the host's findings are judged again now.
        await judgeInventory(tx, tenantId, { now: new Date(), host });
        return {
          id: saved.id,
          host,
          title: saved.title,
          operations: spec.operations.length,
          warnings: spec.warnings,
          lint: lintSummary(specIssues(lint)),
          ...marked,
        };
      },
      { timeoutMs: 60_000 },
    ),
  );
  // The spec may have opened findings (shadow, zombie, its own issues): finding policies act on them now.
  await ctx.jobs?.enqueue("response.evaluate", { tenantId }, { jobId: `respond-spec-${saved.id}-${Date.now()}` });
  return saved;
}

/** Each spec with its coverage and the documented operations never seen. */
export async function listSpecs(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const specs = await tx.apiSpec.findMany({ where: { tenantId }, orderBy: { host: "asc" } });
    const out = [];
    for (const spec of specs) {
      const service = await tx.apiService.findUnique({
        where: { tenantId_host: { tenantId, host: spec.host } },
        select: { id: true },
      });
      const endpoints = service
        ? await tx.apiEndpoint.findMany({
            where: { tenantId, serviceId: service.id },
            select: { method: true, template: true, stats: true },
          })
        : [];
      const diff = diffSpec(
        spec.operations as unknown as SpecOperation[],
        endpoints.map((e) => ({
          method: e.method,
          template: e.template,
          queryParams: Object.keys((e.stats as unknown as EndpointStats).query ?? {}),
        })),
      );
      out.push({
        id: spec.id,
        host: spec.host,
        title: spec.title,
        version: spec.version,
        fileName: spec.fileName,
        updatedAt: spec.updatedAt,
        operations: (spec.operations as unknown as SpecOperation[]).length,
        warnings: spec.warnings as string[],
        lint: lintSummary(specIssues(spec.lint as unknown as SpecLint)),
        coverage: diff.coverage,
        seen: endpoints.length,
        shadow: diff.endpoints.filter((e) => e.status === "shadow").length,
        zombie: diff.endpoints.filter((e) => e.status === "zombie").length,
        unused: diff.unused.map((o) => ({ method: o.method, path: o.path, deprecated: o.deprecated })),
      });
    }
    return out;
  });
}

/** The lint issues in figures, and those about the document as a whole (the rest are findings on endpoints). */
function lintSummary(lint: SpecIssue[]) {
  return {
    issues: lint.length,
    rules: new Set(lint.map((i) => i.rule)).size,
    document: lint
      .filter((i) => i.operation === null)
      .map((i) => ({ rule: i.rule, owasp: i.owasp, message: i.message })),
  };
}
