// How the worker's heap grows. V8 lets the heap grow to up to four times what
// lived through the last full collection before it collects again. Detection
// and discovery read an upload in parts (100,000 events), whose few hundred MB
// are garbage once the part is written, so most of that growth held garbage:
// the worker peaked at 1.5 GB over a 1M-event upload while a part's live set
// fits in far less. Growing by 60% instead kept the peak at 773–854 MB for
// the cost of more full collections (30%: 731–779 MB but up to 40% slower;
// bench/README.md has the figures). It is a soft limit: a job that needs more
// memory still gets it, where a cap (--max-old-space-size) would crash the
// worker instead. Set at start rather than in NODE_OPTIONS, which admits only
// a few V8 flags, and V8 reads this one each time it sizes the heap.
import { setFlagsFromString } from "node:v8";

export const HEAP_GROWING_PERCENT = 60;

export function holdHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
