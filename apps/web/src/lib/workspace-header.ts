/** The header the dashboard uses to say which workspace (by slug) a tRPC call is about. */
export const WORKSPACE_HEADER = "x-lantern-workspace";
