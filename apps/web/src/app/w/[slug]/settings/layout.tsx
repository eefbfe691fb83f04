"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import type { Permission } from "@lantern/services/permissions";
import { PageHeader, tabTitle } from "@/components/ui/card";
import { useWorkspace } from "@/components/shell/workspace-context";

const TABS: { path: string; label: string; permission: Permission }[] = [
  { path: "", label: "General", permission: "workspace.read" },
  { path: "/members", label: "Members", permission: "members.read" },
  { path: "/tokens", label: "API tokens", permission: "tokens.manage" },
  { path: "/integrations", label: "Integrations", permission: "workspace.read" },
  { path: "/threat-intel", label: "Threat intelligence", permission: "workspace.read" },
  { path: "/audit", label: "Audit log", permission: "audit.read" },
  { path: "/jobs", label: "Background jobs", permission: "workspace.manage" },
  { path: "/account", label: "Your account", permission: "workspace.read" },
];

export default function SettingsLayout({ children }: { children: ReactNode }) {
  const ws = useWorkspace();
  const pathname = usePathname();
  const base = ws.href("/settings");
  return (
    <>
      <PageHeader title="Settings" documentTitle={tabTitle(pathname, base, TABS, "Settings")} />
      <nav className="tabs" aria-label="Settings">
        {TABS.filter((t) => ws.can(t.permission)).map((t) => (
          <Link key={t.path} href={base + t.path} aria-current={pathname === base + t.path ? "page" : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {children}
    </>
  );
}
