// What every part of the simulation shares: the options, the main random
// stream, Northwind's population, and the streams and facts that both the
// everyday traffic and a scenario use (a partner's key rotation, the
// payments people cancel, the back office's staff).
import { createPopulation, type Partner } from "./business";
import { createRandom } from "./random";
import { HOUR } from "./request";

export type SimulateOptions = {
  start: Date;
  days: number;
  seed?: number;
  /** Multiplies normal traffic. */
  scale?: number;
};

export type World = ReturnType<typeof createWorld>;

export function createWorld(options: SimulateOptions) {
  const seed = options.seed ?? 42;
  // The main stream: the population, then every hour's everyday traffic and the first scenarios, in that order.
  const r = createRandom(seed);
  const { users, partners, internal } = createPopulation(r);
  const startHour = Math.floor(options.start.getTime() / HOUR);
  // The labelled scenarios play in the run's last three days (days two and three of a three-day run): a longer run (30
  // days) is weeks of everyday history first, so baselines, weekly seasons and learning meet the attacks as they would.
  const scenarioStart = startHour + Math.max(0, options.days - 3) * 24;
  // Scenarios and variations added later draw from streams of their own, so adding one leaves every other request of
  // a seed as it was.
  const stream = (offset: number) => createRandom(seed + offset);
  // A partner rotates its key at 08:00 on the third day (it leaked); whoever holds the old one keeps trying it an hour later.
  const rotation = stream(251_263);
  const rotator: Partner = partners[3]!;
  const rotatedAt = scenarioStart + 48 + 8;
  const rotatedKey = `pk_live_${rotation.hex(24)}`;
  return {
    seed,
    scale: options.scale ?? 1,
    r,
    users,
    partners,
    internal,
    startHour,
    /** Hour 0 of the three days the scenarios play in (see above); the run's start for runs of three days or fewer. */
    scenarioStart,
    hours: options.days * 24,
    stream,
    // People cancel a payment now and then; one user loops paying and cancelling (create-cancel-abuse).
    cancels: stream(201_107),
    // Support staff's back-office calls, and the user who reaches those functions (function-level-abuse).
    backOffice: stream(155_921),
    rotation,
    rotator,
    rotatedAt,
    rotatedKey,
  };
}

/**
 * A labelled scenario: `create` picks its actors, hours and streams once;
 * the function it returns adds the scenario's requests to each hour's batch.
 */
export type Scenario = {
  name: string;
  create(world: World): (h: number, batch: import("./request").SimRequest[]) => void;
};
