// A parse thread: judges blocks of one upload's lines (block-judge.ts) on a
// core of its own, and hands the encoded rows back without copying them.
import { parentPort, workerData } from "node:worker_threads";
import { lookupCountry } from "@lantern/engine/normalize/country";
import { BlockJudge, type JudgedBlock, type LineBlock } from "./block-judge";
import type { ThreadSetup } from "./parse-pool";

const setup = workerData as ThreadSetup;
const countries = setup.countries;
const judge = new BlockJudge(
  setup.spec,
  {
    tenantKey: Buffer.from(setup.tenantKey),
    trustedProxies: setup.trustedProxies,
    latestTime: setup.latestTime,
    countryOf: countries ? (ip) => lookupCountry(countries, ip) : undefined,
  },
  setup.tenantId,
  setup.uploadId,
);

// The rows' memory moves to the reading thread. EventBatch allocates its
// chunks whole (1 MB and up, never from Node's shared small-buffer pool), so
// each chunk's ArrayBuffer is the batch's own.
const transferable = (judged: JudgedBlock) => [...new Set(judged.rows.buffers.map((b) => b.buffer as ArrayBuffer))];

parentPort!.on("message", ({ id, block }: { id: number; block: LineBlock }) => {
  const judged = judge.judgeLines(block);
  parentPort!.postMessage({ id, judged }, transferable(judged));
});
