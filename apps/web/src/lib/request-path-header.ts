/** Set by proxy.ts on workspace pages: the path and query the person asked for. */
export const REQUEST_PATH_HEADER = "x-lantern-request-path";
