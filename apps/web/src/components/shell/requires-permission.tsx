"use client";
import type { ReactNode } from "react";
import type { Permission } from "@lantern/services/permissions";
import { EmptyState } from "@/components/ui/card";
import { useWorkspace } from "./workspace-context";

/** Shows `children` only to roles with `permission`; the server enforces the same rule. */
export function RequiresPermission({
  permission,
  what,
  children,
}: {
  permission: Permission;
  what: string;
  children: ReactNode;
}) {
  const ws = useWorkspace();
  if (ws.can(permission)) return <>{children}</>;
  return (
    <EmptyState title={`You cannot ${what}`}>
      Your role in {ws.name} does not allow this. Ask an Owner or Admin of the workspace if you need it.
    </EmptyState>
  );
}
