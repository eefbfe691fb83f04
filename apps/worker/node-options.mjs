// The Node options the worker runs with, wherever it is started: npm start and
// npm test (scripts/lib/bootstrap.mjs), the benchmarks (bench/lib/stack.ts)
// and docker-compose.yml and this package's scripts (which repeat the value:
// keep them the same).
//
// Semi-spaces of 64 MB instead of V8's 16 MB: a detection or discovery part
// builds a million short-lived objects, and with the default young generation
// most lived through two scavenges and were copied into the old one, where
// full collections walked them again (the collector was 22% of a CPU profile
// of detection). Detection of the 1,000,000-event benchmark upload, re-run
// alternately on one machine: 31.8–41.0 s (mean ~37 s) with the default,
// 29.4–33.1 s (mean ~30.5 s) with 64 MB; 32 and 128 MB measured the same as 64.
export const WORKER_NODE_OPTIONS = "--max-semi-space-size=64";
