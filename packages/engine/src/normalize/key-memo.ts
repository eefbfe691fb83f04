// Answers worked out from a credential, remembered for the workspace key that
// is normalising: a log repeats the same token on every call of a session,
// and its HMAC (a new keyed hash object each time) and JWT decoding cost
// microseconds per line. The memo hangs off the key object, so it goes when
// the upload that holds the key is done; clear credentials never outlive it.
// A string key (tests) gets no memo.

/** Entries kept per key and kind; past it the memo starts again (a flood of distinct tokens gains nothing). */
const LIMIT = 4_096;

export class KeyMemo<T> {
  private readonly byKey = new WeakMap<object, Map<string, T>>();

  get(tenantKey: string | Buffer, value: string, compute: (value: string, tenantKey: string | Buffer) => T): T {
    if (typeof tenantKey === "string") return compute(value, tenantKey);
    let memo = this.byKey.get(tenantKey);
    if (!memo) this.byKey.set(tenantKey, (memo = new Map()));
    const known = memo.get(value);
    if (known !== undefined || memo.has(value)) return known as T;
    const answer = compute(value, tenantKey);
    if (memo.size >= LIMIT) memo.clear();
    memo.set(value, answer);
    return answer;
  }
}
