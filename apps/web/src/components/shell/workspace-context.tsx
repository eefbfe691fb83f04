"use client";
import { createContext, useContext } from "react";
import type { Permission } from "@lantern/services/permissions";
import type { Role } from "@lantern/db/client";

/** The workspace, who is looking at it (their user id: "assign to me"), and whether this Lantern sends mail. */
export type CurrentWorkspace = {
  slug: string;
  name: string;
  role: Role;
  permissions: Permission[];
  userId: string;
  mailEnabled: boolean;
};

const WorkspaceContext = createContext<CurrentWorkspace | null>(null);
export const WorkspaceProvider = WorkspaceContext.Provider;

/** The workspace the page is in, with the caller's role (for showing or hiding controls; the server enforces). */
export function useWorkspace(): CurrentWorkspace & {
  can: (p: Permission) => boolean;
  href: (path?: string) => string;
} {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error("useWorkspace outside a workspace page");
  return { ...ws, can: (p) => ws.permissions.includes(p), href: (path = "") => `/w/${ws.slug}${path}` };
}
