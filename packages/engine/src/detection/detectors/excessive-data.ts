// Excessive data requests and harvesting: an actor asking an endpoint for far
// bigger pages (limit, page_size … parameters) or receiving far bigger answers
// than the endpoint's requests usually do, and how much of the collection it
// walked (distinct pages) in that hour.
import { describeNorm, excess, isFar, normOf, type Norm } from "../robust";
import { Baselines } from "../baselines";
import type { DetectOptions, DetectionEvent, Finding, Measure } from "../types";
import { HourlyGroups } from "../windows";

const PAGE_SIZE = /^(limit|page_?size|pagesize|per_?page|size|count|max|max_?results|top|first|take|rows)$/i;
const PAGE = /^(page|offset|skip|start|cursor|page_?number|from)$/i;

type Window = { actor: string; sizes: number[]; bytes: number[]; pages: Set<string> };
/** Far-out answers an actor must receive within the hour for their size alone to be a finding. */
const MIN_FAR_ANSWERS = 3;

const pageSizeOf = (e: DetectionEvent): number | null => {
  for (const q of e.query) if (PAGE_SIZE.test(q.name) && /^\d{1,9}$/.test(q.value)) return Number(q.value);
  return null;
};

export function excessiveData(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const label = options.label ?? String;
  const baselines = options.baselines ?? new Baselines();
  const endpoints = new Map<
    string,
    {
      host: string;
      method: string;
      template: string;
      /** Each page size asked and answer size, with when (the baselines learn by time). */
      sizes: number[];
      sizesAt: number[];
      bytes: number[];
      bytesAt: number[];
      windows: HourlyGroups<Window>;
    }
  >();
  for (const e of events) {
    if (!e.actor) continue;
    const ep = e.endpoint;
    let endpoint = endpoints.get(ep);
    if (!endpoint) {
      endpoints.set(
        ep,
        (endpoint = {
          host: e.host,
          method: e.method,
          template: e.template,
          sizes: [],
          sizesAt: [],
          bytes: [],
          bytesAt: [],
          windows: new HourlyGroups(() => ({ actor: "", sizes: [], bytes: [], pages: new Set() })),
        }),
      );
    }
    const w = endpoint.windows.add(e.actor, e);
    w.actor = e.actor;
    const size = pageSizeOf(e);
    if (size !== null) {
      endpoint.sizes.push(size);
      endpoint.sizesAt.push(e.ts);
      w.sizes.push(size);
    }
    if (e.responseBytes !== null && e.status !== null && e.status < 300) {
      endpoint.bytes.push(e.responseBytes);
      endpoint.bytesAt.push(e.ts);
      w.bytes.push(e.responseBytes);
    }
    const page = e.query.find((q) => PAGE.test(q.name));
    if (page) w.pages.add(page.value);
  }
  const findings: Finding[] = [];
  for (const [ep, endpoint] of endpoints) {
    const sizeNorm = baselines.norm("page size asked", ep, endpoint.sizes, endpoint.sizesAt);
    const bytesNorm = baselines.norm("answer bytes", ep, endpoint.bytes, endpoint.bytesAt);
    const windows = [...endpoint.windows.values()];
    const pagesNorm = baselines.norm(
      "distinct pages per actor-hour",
      ep,
      windows.map((w) => w.data.pages.size),
      windows.map((w) => w.first),
    );
    for (const w of endpoint.windows.values()) {
      const size = w.data.sizes.length ? Math.max(...w.data.sizes) : 0;
      const bytes = w.data.bytes.length ? normOf(w.data.bytes).typical : 0;
      const bigPages = w.data.sizes.length > 0 && isFar(size, sizeNorm);
      // One large download is not a pattern (a website's big files, on the real 2015 log): answers alone count when
      // several of them are far out of line. A page size far out of line counts at once: that is the client asking for more.
      const bigAnswers =
        isFar(bytes, bytesNorm) && w.data.bytes.filter((b) => isFar(b, bytesNorm)).length >= MIN_FAR_ANSWERS;
      if (!bigPages && !bigAnswers) continue;
      const pages = w.data.pages.size;
      const harvesting = isFar(pages, pagesNorm);
      const measures: Measure[] = [];
      const judged = (name: string, value: number, norm: Norm, basis: string) =>
        measures.push({ name, value, typical: norm.typical, spread: norm.spread, basis });
      if (bigPages)
        judged("page size asked", size, sizeNorm, `${sizeNorm.n.toLocaleString("en")} requests to this endpoint`);
      if (bigAnswers)
        judged(
          "typical answer (bytes)",
          bytes,
          bytesNorm,
          `${bytesNorm.n.toLocaleString("en")} answers of this endpoint`,
        );
      if (harvesting)
        judged(
          "distinct pages in an hour",
          pages,
          pagesNorm,
          `${pagesNorm.n.toLocaleString("en")} actor-hours on this endpoint`,
        );
      const total = w.data.bytes.reduce((a, b) => a + b, 0);
      findings.push({
        detector: "excessive-data",
        campaign: `excessive-data:${w.data.actor}:${ep}`,
        actor: w.data.actor,
        endpoint: { host: endpoint.host, method: endpoint.method, template: endpoint.template },
        from: w.first,
        to: w.last,
        severity: harvesting && bigPages ? "high" : "medium",
        confidence: Math.min(0.95, 0.5 + (bigPages ? 0.2 : 0) + (bigAnswers ? 0.15 : 0) + (harvesting ? 0.15 : 0)),
        verdict: harvesting && (bigPages || bigAnswers) ? "attack" : "suspicious",
        title: harvesting ? `Data harvesting on ${ep}` : `Excessive data requested from ${ep}`,
        explanation:
          `${label(w.data.actor)} made ${w.calls.toLocaleString("en")} calls to ${ep} within an hour` +
          (bigPages
            ? `, asking for pages of up to ${size.toLocaleString("en")} items where requests usually ask for ${describeNorm(sizeNorm)}`
            : "") +
          (bigAnswers
            ? `, receiving answers of typically ${Math.round(bytes).toLocaleString("en")} bytes where ${describeNorm(bytesNorm)} is usual`
            : "") +
          (harvesting
            ? `; it walked ${pages.toLocaleString("en")} distinct pages (actors usually read ${describeNorm(pagesNorm)})`
            : "") +
          `. ${Math.round(total / 1_048_576).toLocaleString("en")} MB left in that hour.`,
        measures,
        evidence: w.refs,
        facts: {
          calls: w.calls,
          maxPageSize: size,
          typicalBytes: bytes,
          pages,
          bytes: total,
          excess: Math.max(bigPages ? excess(size, sizeNorm) : 0, bigAnswers ? excess(bytes, bytesNorm) : 0),
        },
      });
    }
  }
  return findings;
}
