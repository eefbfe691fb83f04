// Adds one completed upload's events to the workspace's API inventory:
// templates learnt by the templater (state kept per workspace), stats merged
// into each endpoint's stored sums, histograms and sketches. Incremental: an
// upload is read once, history never again. Read in parts (pipeline/parts.ts),
// each added in its own transaction with the upload's discovered line, so
// memory stays bounded (a 30-day upload over thousands of endpoints holds
// millions of endpoint-hours otherwise), the dashboard shows progress, a
// retried job resumes after the last part and adds nothing twice.
//   read and learn (part-learn) → regroup (engine templater) → write (write-inventory)
import { type Db, withTenant } from "@lantern/db/client";
import { PART_EVENTS, runInParts } from "../pipeline/parts";
import { EndpointSums } from "./endpoint-sums";
import { type LearntPart, learnPart } from "./part-learn";
import { writeInventory } from "./write-inventory";

/** CONTINUE: parts are left and the caller was asked to yield; `line` is where the next part starts after. */
export type DiscoverOutcome = {
  status: "DISCOVERED" | "SKIPPED" | "CONTINUE";
  events: number;
  endpoints: number;
  line: number;
};
export type DiscoverDeps = { db: Db; partEvents?: number; shouldYield?: () => Promise<boolean> };

export async function discoverUpload(deps: DiscoverDeps, tenantId: string, uploadId: string): Promise<DiscoverOutcome> {
  let events = 0;
  let line = 0;
  const endpoints = new Set<string>();
  const { ran, yielded } = await runInParts(
    deps.db,
    tenantId,
    () => discoverPart(deps.db, tenantId, uploadId, deps.partEvents ?? PART_EVENTS),
    (part) => {
      events += part.events;
      line = part.lastLine;
      for (const id of part.endpointIds) endpoints.add(id);
    },
    deps.shouldYield,
  );
  return { status: yielded ? "CONTINUE" : ran ? "DISCOVERED" : "SKIPPED", events, endpoints: endpoints.size, line };
}

/** Adds the next part of the upload; null when there is nothing (left) to add. */
async function discoverPart(db: Db, tenantId: string, uploadId: string, partEvents: number) {
  const part = await learnPart(db, tenantId, uploadId, partEvents);
  if (!part) return null;
  const sums = regroup(part);
  const endpointIds = await withTenant(db, tenantId, (tx) => writeInventory(tx, tenantId, uploadId, part, sums), {
    // Generous: a part of a month-long upload over thousands of endpoints writes hundreds of thousands
    // of hourly rows (about 30 µs each on the benchmark machine); the workspace lock keeps runs apart.
    timeoutMs: 30 * 60_000,
  });
  return { done: part.done, events: part.events, lastLine: part.lastLine, endpointIds: [...endpointIds.values()] };
}

/** Templates learnt late in the part may cover ones formed early (a place promoted to a variable): sums regrouped. */
function regroup(part: LearntPart): EndpointSums {
  const sums = new EndpointSums();
  for (const { key, builder } of part.builders.values()) {
    sums.add({ ...key, template: part.templater.templateOf(key.host, key.template) }, builder.finish());
  }
  return sums;
}
