"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { useWorkspace } from "@/components/shell/workspace-context";
import { PageHeader, tabTitle } from "@/components/ui/card";

const TABS = [
  { path: "", label: "Block and allow lists" },
  { path: "/policies", label: "Policies" },
];

export default function ResponseLayout({ children }: { children: ReactNode }) {
  const ws = useWorkspace();
  const pathname = usePathname();
  const base = ws.href("/response");
  return (
    <>
      <PageHeader
        title="Response"
        documentTitle={tabTitle(pathname, base, TABS, "Response")}
        description={
          <>
            Block or rate-limit addresses and callers at your own gateways: Lantern reads logs, so your nginx, HAProxy
            or Kong enforces the lists it keeps. Policies block and notify on their own; they send through{" "}
            <Link href={ws.href("/settings/integrations")}>integrations</Link>. Every change is in the audit log.
          </>
        }
      />
      <nav className="tabs" aria-label="Response">
        {TABS.map((t) => (
          <Link key={t.path} href={base + t.path} aria-current={pathname === base + t.path ? "page" : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {children}
    </>
  );
}
