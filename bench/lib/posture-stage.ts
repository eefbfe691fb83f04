// The posture stage's time for an upload, read from the database: postureAt
// is stamped when the judgement starts and written once it has committed, so
// the time from the stamp to when it first shows (polled every 200 ms) is the
// judgement, to within the poll.
import type { Stack } from "./stack";

export async function awaitPosture(stack: Stack, uploadId: string): Promise<{ queued: number; judged: number }> {
  for (let i = 0; i < 18_000; i++) {
    const row = stack.psql(
      `SELECT extract(epoch FROM "postureAt" - "detectedAt") || ' ' || extract(epoch FROM clock_timestamp() - "postureAt") FROM uploads WHERE id = '${uploadId}' AND "postureAt" IS NOT NULL`,
    );
    if (row) {
      const [queued, judged] = row.split(" ").map(Number) as [number, number];
      return { queued, judged };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`upload ${uploadId} was not judged for posture within an hour`);
}
