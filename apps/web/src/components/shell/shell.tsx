"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { type ReactNode, useEffect, useState } from "react";
import { ROLE_LABELS } from "@lantern/services/permissions";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { CommandPalette } from "./command-palette";
import { WorkspaceProvider, type CurrentWorkspace } from "./workspace-context";

// A section joins the menu once it is built: a page that said "nothing yet" beside
// thousands of events would claim there is no data.
export const NAV = [
  { path: "", label: "Overview" },
  { path: "/api-map", label: "API map" },
  { path: "/inventory", label: "Inventory" },
  { path: "/findings", label: "Findings" },
  { path: "/alerts", label: "Alerts" },
  { path: "/actors", label: "Actors" },
  { path: "/hunt", label: "Hunt" },
  { path: "/response", label: "Response" },
  { path: "/data-sources", label: "Data sources" },
  { path: "/settings", label: "Settings" },
];

export function Shell({
  workspace,
  workspaces,
  user,
  children,
}: {
  workspace: CurrentWorkspace;
  workspaces: { slug: string; name: string }[];
  user: { name: string; email: string };
  children: ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const base = `/w/${workspace.slug}`;
  const isCurrent = (path: string) => (path === "" ? pathname === base : pathname.startsWith(base + path));
  // On a phone the menu folds away behind a button, and folds again once a page is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: any change of page (a link in the page too) folds it
  useEffect(() => setMenuOpen(false), [pathname]);

  return (
    <WorkspaceProvider value={workspace}>
      {/* A link, so it works before the page's script runs. Once it has, the click moves the focus itself rather than
          leave it to the browser's jump to #main. (The focus the end-to-end test kept losing was the alert queue's
          Enter shortcut cancelling the link's Enter with no alert under its cursor; such a key is now left to the page.) */}
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link; see above */}
      <a
        href="#main"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        Skip to content
      </a>
      <div className="shell">
        <aside className={menuOpen ? "sidebar sidebar-open" : "sidebar"}>
          <div className="sidebar-head">
            <Link href={base} className="brand">
              <span className="brand-mark" aria-hidden="true" />
              Lantern
            </Link>
            <button
              type="button"
              className="btn btn-small menu-button"
              aria-expanded={menuOpen}
              aria-controls="main-menu"
              onClick={() => setMenuOpen((o) => !o)}
            >
              {menuOpen ? "Close menu" : "Menu"}
            </button>
          </div>
          <div id="main-menu" className="sidebar-menu">
            <label className="field" style={{ margin: 0 }}>
              <span className="hint">Workspace</span>
              <select
                aria-label="Switch workspace"
                value={workspace.slug}
                onChange={(e) =>
                  e.target.value === "__new" ? router.push("/workspaces/new") : router.push(`/w/${e.target.value}`)
                }
              >
                {workspaces.map((w) => (
                  <option key={w.slug} value={w.slug}>
                    {w.name}
                  </option>
                ))}
                <option value="__new">+ New workspace…</option>
              </select>
            </label>
            <nav className="nav" aria-label="Main">
              {NAV.map((item) => (
                <Link
                  key={item.path}
                  href={base + item.path}
                  aria-current={isCurrent(item.path) ? "page" : undefined}
                  // The page chosen may be the one open: the menu folds all the same.
                  onClick={() => setMenuOpen(false)}
                >
                  {item.label}
                </Link>
              ))}
            </nav>
          </div>
        </aside>
        <div className="shell-body">
          <div className="topbar main" style={{ paddingBottom: 0, marginBottom: 0 }}>
            <span className="muted">{workspace.name}</span>
            <div className="row">
              <CommandPalette />
              <span data-testid="current-user">{user.name}</span>
              <Badge tone="accent">{ROLE_LABELS[workspace.role]}</Badge>
              <Button small onClick={() => signOut({ callbackUrl: "/login" })}>
                Sign out
              </Button>
            </div>
          </div>
          <main className="main" id="main" tabIndex={-1}>
            {children}
          </main>
        </div>
      </div>
    </WorkspaceProvider>
  );
}
