"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { useWorkspace } from "./workspace-context";

/** Pages by name, beyond the menu's: what people look for by name. */
export const PAGES = [
  { path: "", label: "Overview" },
  { path: "/api-map", label: "API map" },
  { path: "/inventory", label: "Inventory" },
  { path: "/findings", label: "Findings (posture)" },
  { path: "/alerts", label: "Alerts" },
  { path: "/alerts/suppressions", label: "Suppressions (allow-listed patterns)" },
  { path: "/actors", label: "Actors" },
  { path: "/hunt", label: "Hunt" },
  { path: "/response", label: "Response: block and rate-limit lists" },
  { path: "/response/policies", label: "Response policies" },
  { path: "/data-sources", label: "Data sources and uploads" },
  { path: "/docs/shippers", label: "Stream logs (Fluent Bit, Vector, curl)" },
  { path: "/settings", label: "Settings" },
  { path: "/settings/members", label: "Teammates" },
  { path: "/settings/tokens", label: "API tokens" },
  { path: "/settings/integrations", label: "Integrations" },
  { path: "/settings/audit", label: "Audit log" },
  { path: "/settings/threat-intel", label: "Threat intelligence" },
];

const KIND_PATH = { endpoint: "/inventory", actor: "/actors", alert: "/alerts", finding: "/findings" } as const;
const KIND_LABEL = { page: "Page", endpoint: "Endpoint", actor: "Actor", alert: "Alert", finding: "Finding" } as const;

type Option = { key: string; kind: keyof typeof KIND_LABEL; label: string; hint?: string; href: string };

/** Waits until typing pauses, so each key press is not a query. */
function useSettled(value: string, ms: number) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** Ctrl-K (⌘K): jump to a page, an endpoint, an actor, an alert or a finding by typing part of its name. */
export function CommandPalette() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const settled = useSettled(q.trim(), 150);
  const found = useQuery({ ...trpc.jump.search.queryOptions({ q: settled }), enabled: settled.length >= 2 });

  const open = useCallback(() => {
    setQ("");
    setActive(0);
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        open();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  const needle = q.trim().toLowerCase();
  const pages: Option[] = PAGES.filter((p) => !needle || p.label.toLowerCase().includes(needle)).map((p) => ({
    key: `page${p.path}`,
    kind: "page",
    label: p.label,
    href: ws.href(p.path),
  }));
  // Only what matches the text now in the field: Enter never opens an answer to what was typed before.
  const objects: Option[] =
    settled.length >= 2 && settled === q.trim()
      ? (found.data ?? []).map((t) => ({
          key: `${t.kind}:${t.id}`,
          kind: t.kind,
          label: t.label,
          hint: t.hint,
          href: ws.href(`${KIND_PATH[t.kind]}/${t.id}`),
        }))
      : [];
  const options = [...objects, ...pages].slice(0, 20);
  const go = (o: Option | undefined) => {
    if (!o) return;
    dialog.current?.close();
    router.push(o.href);
  };

  return (
    <>
      <button type="button" className="btn btn-small palette-button" onClick={open} aria-keyshortcuts="Control+K">
        Jump to… <kbd>Ctrl K</kbd>
      </button>
      <dialog ref={dialog} className="palette" aria-label="Jump to">
        <input
          aria-label="Jump to a page, endpoint, actor, alert or finding"
          placeholder="Type a page, an endpoint, an actor, an alert…"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-options"
          aria-activedescendant={options[active] ? `palette-${active}` : undefined}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setActive((a) => Math.min(options.length - 1, a + 1));
            else if (e.key === "ArrowUp") setActive((a) => Math.max(0, a - 1));
            else if (e.key === "Enter") go(options[active]);
            else return;
            e.preventDefault();
          }}
        />
        <div id="palette-options" role="listbox" aria-label="Matches" className="palette-options">
          {options.map((o, i) => (
            <div
              key={o.key}
              id={`palette-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseEnter={() => setActive(i)}
              onClick={() => go(o)}
              onKeyDown={(e) => e.key === "Enter" && go(o)}
            >
              <span className="badge">{KIND_LABEL[o.kind]}</span> <span className="palette-label">{o.label}</span>
              {o.hint && <span className="muted"> · {o.hint}</span>}
            </div>
          ))}
          {options.length === 0 && <p className="muted">{found.isFetching ? "Searching…" : "Nothing by that name."}</p>}
        </div>
        <p className="muted palette-help">↑ ↓ to choose, Enter to open, Esc to close.</p>
      </dialog>
    </>
  );
}
