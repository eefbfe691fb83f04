// Parse threads for one large upload: parsing and normalising are most of
// ingestion's CPU time, and one thread leaves the machine's other cores idle.
// The reader splits lines and sends them in blocks; each thread judges its
// blocks (parse-thread.ts) and the reader applies the answers in line order.
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FormatSpec } from "@lantern/engine/formats/registry";
import type { CountryTable } from "@lantern/engine/normalize/country";
import type { Cidr } from "@lantern/engine/normalize/ip";
import type { JudgedBlock, LineBlock } from "./block-judge";

/** What a thread needs to judge the upload's lines as the reading thread would. */
export type ThreadSetup = {
  spec: FormatSpec;
  tenantId: string;
  uploadId: string;
  tenantKey: Uint8Array;
  trustedProxies: Cidr[];
  latestTime?: number;
  countries: CountryTable | null;
};

/**
 * The thread's entry, as a file path worked out when a pool starts. Not
 * `new Worker(new URL(…))`: the web app's bundler, which sees this module
 * (the web enqueues ingestion but never runs it), takes that form for a
 * worker to bundle, with the TypeScript loader and its native binary.
 */
const threadEntry = () => join(dirname(fileURLToPath(import.meta.url)), "parse-thread.boot.mjs");
const MAX_THREADS = 4;

/**
 * LANTERN_PARSE_THREADS when set (0: every upload judged in the reading
 * thread), else the cores nobody else needs: one for the reading thread
 * (split, apply, COPY) and, when DATABASE_URL names this machine, one for
 * Postgres loading the rows. Measured on 2 cores with Postgres beside the
 * worker, threads made ingestion 9–29% slower (bench/README.md): they took
 * Postgres' core.
 */
export function defaultParseThreads(env: Record<string, string | undefined> = process.env): number {
  const set = Number.parseInt(env.LANTERN_PARSE_THREADS ?? "", 10);
  if (Number.isInteger(set) && set >= 0) return Math.min(set, MAX_THREADS);
  const spare = availableParallelism() - 1 - (databaseIsLocal(env.DATABASE_URL) ? 1 : 0);
  return Math.max(0, Math.min(spare, MAX_THREADS));
}

const LOCAL_HOSTS = new Set(["", "localhost", "127.0.0.1", "[::1]"]);

/** No URL, a Unix socket or a loopback host: Postgres shares this machine's cores. */
function databaseIsLocal(url: string | undefined): boolean {
  if (!url) return true;
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return true;
  }
}

type Waiting = { resolve: (judged: JudgedBlock) => void; reject: (error: Error) => void };

export class ParsePool {
  private readonly threads: Worker[];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failure: Error | null = null;
  private closing = false;

  constructor(size: number, setup: ThreadSetup) {
    this.threads = Array.from({ length: size }, () => {
      const thread = new Worker(threadEntry(), { workerData: setup });
      thread.on("message", (answer: { id: number; judged: JudgedBlock }) => this.answer(answer));
      thread.on("error", (error) => this.fail(error));
      thread.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`a parse thread stopped unexpectedly (exit code ${code})`));
      });
      return thread;
    });
  }

  get size(): number {
    return this.threads.length;
  }

  /** The block judged by the next thread in turn; answers arrive in any order, the caller awaits them in its own. */
  judge(block: LineBlock): Promise<JudgedBlock> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const judged = new Promise<JudgedBlock>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    // Awaited later, in line order; a failure meanwhile must not count as unhandled.
    judged.catch(() => {});
    this.threads[id % this.threads.length]!.postMessage({ id, block });
    return judged;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.fail(new Error("the parse threads were closed"));
    await Promise.all(this.threads.map((t) => t.terminate()));
  }

  private answer({ id, judged }: { id: number; judged: JudgedBlock }): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    // Rows arrive as plain Uint8Arrays; COPY writes Buffers (a view, not a copy).
    judged.rows.buffers = judged.rows.buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    waiting?.resolve(judged);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }
}
