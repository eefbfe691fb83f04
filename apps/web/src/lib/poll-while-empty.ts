// A page that says "nothing here yet" is often opened while the first upload is
// still being discovered or judged: it keeps asking until something arrives, so
// the page lights up on its own instead of waiting for a reload.
import type { Query } from "@tanstack/react-query";

const EMPTY_POLL_MS = 5_000;

/** A refetchInterval for React Query: every few seconds while `isEmpty` holds, never once there is data. */
export function pollWhileEmpty<T>(isEmpty: (data: T) => boolean) {
  // Any query's error and key types: the interval reads only its data.
  // biome-ignore lint/suspicious/noExplicitAny: tRPC's error and key types differ per procedure
  return (query: Query<T, any, any, any>) => {
    const data = query.state.data;
    return data !== undefined && isEmpty(data) ? EMPTY_POLL_MS : false;
  };
}
