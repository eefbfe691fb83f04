// Evidence often repeats itself: fifty failed sign-ins differing only in the
// address they came from, fifty reads differing only in an id. Requests alike
// in all but their ids and addresses are shown once with a count (and how
// many addresses), and open to the rest on demand.

/** What makes two requests "alike": method, host, path and query with ids blanked, status, client software. */
type Comparable = {
  method: string;
  host: string | null;
  target: string;
  status: number | null;
  clientIp: string | null;
  userAgent: string | null;
};

/** Numbers, UUIDs and long hex or base64-like runs read as one placeholder. */
const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*/gi;

export function shapeOf(r: Comparable): string {
  return [r.method, r.host ?? "", r.target.replace(ID, "…"), r.status ?? "", r.userAgent ?? ""].join("\u0000");
}

/** Runs of alike requests, in their order; each run's first request stands for it. */
export function collapseRequests<T extends Comparable>(rows: T[]): { first: T; rest: T[] }[] {
  const runs: { first: T; rest: T[] }[] = [];
  const byShape = new Map<string, { first: T; rest: T[] }>();
  for (const r of rows) {
    const shape = shapeOf(r);
    const run = byShape.get(shape);
    if (run) run.rest.push(r);
    else {
      const fresh = { first: r, rest: [] };
      byShape.set(shape, fresh);
      runs.push(fresh);
    }
  }
  return runs;
}
