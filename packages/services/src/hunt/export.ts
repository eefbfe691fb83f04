// A hunt's matching requests as a file: CSV for a spreadsheet, JSON lines
// for a script or a SIEM. Read newest first in pages (each its own
// transaction, keyed on the last row, so nothing is read twice), up to a
// cap the file says it reached.
//
// Request fields come from the logs, which attackers write: a CSV cell
// starting with = + - @ (or a tab or carriage return) would be run as a
// formula by a spreadsheet, so such cells get a leading apostrophe (OWASP's
// advice for CSV injection).
import { Prisma as Sql } from "@lantern/db/client";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { compiled, HUNT_EVENT_SQL, type HuntEvent, hunting, ZHunt } from "./run";

/** Requests one export holds at most. */
export const EXPORT_CAP = 100_000;
const PAGE = 5_000;

export const ZHuntExport = ZHunt.and(z.object({ format: z.enum(["csv", "jsonl"]).default("csv") }));

const COLUMNS: (keyof HuntEvent)[] = [
  "ts",
  "method",
  "host",
  "path",
  "status",
  "ip",
  "country",
  "userAgent",
  "referer",
  "responseBytes",
  "latencyMs",
  "uploadId",
  "line",
];

/** The export, line by line (a header first for CSV); a last line says when the cap cut it short. */
export async function* huntExport(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZHuntExport>,
): AsyncGenerator<string> {
  const q = ZHuntExport.parse(input);
  let after: { ts: Date; uploadId: string; line: number } | null = null;
  let sent = 0;
  while (sent < EXPORT_CAP) {
    const page: HuntEvent[] = await hunting(ctx, tenantId, async (tx) => {
      const c = await compiled(tx, tenantId, q);
      const next = after
        ? Sql.sql`AND (ts, upload_id, line_no) < (${after.ts}, ${after.uploadId}, ${after.line})`
        : Sql.empty;
      return tx.$queryRaw<HuntEvent[]>(Sql.sql`
        SELECT ${HUNT_EVENT_SQL}
        FROM telemetry.events WHERE ${c.where} ${next}
        ORDER BY ts DESC, upload_id DESC, line_no DESC LIMIT ${Math.min(PAGE, EXPORT_CAP - sent)}`);
    });
    // The header follows the first page, so a query that cannot run fails before anything is sent.
    if (sent === 0 && q.format === "csv") yield `${COLUMNS.join(",")}\n`;
    for (const row of page) yield q.format === "csv" ? csvLine(row) : `${JSON.stringify(row)}\n`;
    sent += page.length;
    if (page.length === 0) return;
    const last = page.at(-1)!;
    after = { ts: last.ts, uploadId: last.uploadId, line: last.line };
  }
  const note = `The export stops at ${EXPORT_CAP.toLocaleString("en")} requests: narrow the hunt for the rest.`;
  yield q.format === "csv" ? `# ${note}\n` : `${JSON.stringify({ truncated: true, note })}\n`;
}

function csvLine(row: HuntEvent): string {
  return `${COLUMNS.map((c) => csvCell(row[c])).join(",")}\n`;
}

/** One CSV cell: quoted when needed, and never a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
