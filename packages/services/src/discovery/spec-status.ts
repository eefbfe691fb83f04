// An endpoint's standing against its service's spec: documented, shadow or
// zombie, with the matched path and undocumented parameters. Recomputed on
// spec upload and whenever discovery or a correction writes the host.
import type { TenantTx } from "@lantern/db/client";
import type { EndpointStats } from "@lantern/engine/discovery/endpoint-stats";
import { diffSpec } from "@lantern/engine/spec/diff";
import type { SpecOperation } from "@lantern/engine/spec/openapi";
import { updateEndpoints } from "./endpoint-columns";

/** Marks every endpoint of `host` against its spec (or clears the marks when it has none). */
export async function applySpec(
  tx: TenantTx,
  tenantId: string,
  host: string,
): Promise<{ documented: number; shadow: number; zombie: number }> {
  const [spec, service] = await Promise.all([
    tx.apiSpec.findUnique({ where: { tenantId_host: { tenantId, host } } }),
    tx.apiService.findUnique({ where: { tenantId_host: { tenantId, host } }, select: { id: true } }),
  ]);
  const counts = { documented: 0, shadow: 0, zombie: 0 };
  if (!service) return counts;
  if (!spec) {
    await tx.apiEndpoint.updateMany({
      where: { tenantId, serviceId: service.id, NOT: { specStatus: null } },
      data: { specStatus: null, specPath: null, specReason: null, undocumentedParams: [] },
    });
    return counts;
  }
  const endpoints = await tx.apiEndpoint.findMany({
    where: { tenantId, serviceId: service.id },
    select: { id: true, method: true, template: true, stats: true },
  });
  const diff = diffSpec(
    spec.operations as unknown as SpecOperation[],
    endpoints.map((e) => ({
      method: e.method,
      template: e.template,
      queryParams: Object.keys((e.stats as unknown as EndpointStats).query ?? {}),
    })),
  );
  const updates = endpoints.map((e, i) => {
    const v = diff.endpoints[i]!;
    counts[v.status]++;
    return {
      id: e.id,
      specStatus: v.status,
      specPath: v.specPath ?? null,
      specReason: v.reason ?? null,
      undocumentedParams: v.undocumentedParams,
    };
  });
  await updateEndpoints(tx, tenantId, updates);
  return counts;
}
