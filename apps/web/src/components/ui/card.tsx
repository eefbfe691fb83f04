import type { ReactNode } from "react";
import { DocumentTitle } from "./document-title";

export function Card({
  title,
  children,
  actions,
  id,
}: {
  title?: string;
  children: ReactNode;
  actions?: ReactNode;
  /** An anchor other pages link to (/inventory#specs). */
  id?: string;
}) {
  return (
    <section className="card" id={id}>
      {(title || actions) && (
        <div className="row" style={{ justifyContent: "space-between", marginBottom: 12 }}>
          {title && <h2 style={{ margin: 0 }}>{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export function PageHeader({
  title,
  description,
  documentTitle,
}: {
  title: string;
  description?: ReactNode;
  /** The browser tab's name when it says more than the heading (a tab of Settings). */
  documentTitle?: string;
}) {
  return (
    <header className="page-header">
      <DocumentTitle title={documentTitle ?? title} />
      <h1>{title}</h1>
      {description && <p className="muted">{description}</p>}
    </header>
  );
}

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="card empty">
      <h2>{title}</h2>
      <p>{children}</p>
      {action}
    </section>
  );
}

export function Badge({ children, tone }: { children: ReactNode; tone?: "ok" | "danger" | "accent" | "critical" }) {
  return <span className={tone ? `badge badge-${tone}` : "badge"}>{children}</span>;
}

/** "Members · Settings": the open tab of a tabbed section, for the browser tab. */
export function tabTitle(pathname: string, base: string, tabs: { path: string; label: string }[], section: string) {
  const tab = tabs.find((t) => pathname === base + t.path);
  return tab ? `${tab.label} · ${section}` : section;
}
