// Generates Northwind Pay's traffic hour by hour: everyday traffic of its
// users, partners and internal services following the daily curve
// (everyday-traffic.ts), plus the labelled scenarios (scenarios/all.ts).
import { everydayTraffic } from "./everyday-traffic";
import type { SimRequest } from "./request";
import { SCENARIOS } from "./scenarios/all";
import { createWorld, type SimulateOptions } from "./world";

export type { SimRequest } from "./request";
export type { SimulateOptions } from "./world";

export function* simulate(options: SimulateOptions): Generator<SimRequest> {
  const world = createWorld(options);
  const everyday = everydayTraffic(world);
  const scenarios = SCENARIOS.map((s) => s.create(world));
  for (let h = world.startHour; h < world.startHour + world.hours; h++) {
    const batch: SimRequest[] = [];
    everyday(h, batch);
    for (const scenario of scenarios) scenario(h, batch);
    batch.sort((a, b) => a.ts - b.ts);
    yield* batch;
  }
}
