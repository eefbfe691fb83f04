// Where a long job's time went, phase by phase: returned with the job's
// outcome and logged by the worker, so a slow part names its slow step
// without a profiler.
export class Phases {
  private readonly spent = new Map<string, number>();
  private last = performance.now();

  /** Ends the phase running since the last lap (or the start) under this name. */
  lap(name: string): void {
    const now = performance.now();
    this.spent.set(name, (this.spent.get(name) ?? 0) + now - this.last);
    this.last = now;
  }

  /** Adds another run's phases (a job's parts). */
  add(other: Phases): void {
    for (const [name, ms] of other.spent) this.spent.set(name, (this.spent.get(name) ?? 0) + ms);
  }

  /** "read 120 ms, actors 30 ms, …", in the order the phases first ran. */
  toString(): string {
    return [...this.spent].map(([name, ms]) => `${name} ${Math.round(ms).toLocaleString("en")} ms`).join(", ");
  }
}
