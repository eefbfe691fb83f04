"use client";
import Link from "next/link";
import { useWorkspace } from "@/components/shell/workspace-context";
import type { RouterOutputs } from "@/lib/trpc";

type Facet = RouterOutputs["hunt"]["facets"][number];

const TITLES: Record<string, string> = {
  actor: "Actors",
  ip: "Addresses",
  country: "Countries",
  endpoint: "Endpoints",
  status: "Statuses",
  ua: "User agents",
};

/** The top values of the matches per field: a click adds the value to the hunt, − leaves it out. */
export function HuntFacets({ facets, onPivot }: { facets: Facet[]; onPivot: (term: string, negate: boolean) => void }) {
  const ws = useWorkspace();
  return (
    <div data-testid="hunt-facets">
      {facets.map((f) => {
        const top = f.values[0]?.n ?? 1;
        return (
          <section key={f.field} className="facet" data-testid={`facet-${f.field}`}>
            <h3 style={{ margin: "0 0 4px", fontSize: 13 }}>{TITLES[f.field] ?? f.field}</h3>
            {f.values.length === 0 ? (
              <p className="muted" style={{ margin: "0 0 12px" }}>
                None
              </p>
            ) : (
              <ol>
                {f.values.map((v) => (
                  <li key={`${v.value}:${v.label}`}>
                    <button
                      type="button"
                      className="value mono"
                      style={{ ["--share" as string]: `${Math.round((v.n / top) * 100)}%` }}
                      title={`Add ${v.query} to the hunt`}
                      onClick={() => onPivot(v.query, false)}
                    >
                      {v.label}
                    </button>
                    <span className="muted">{v.n.toLocaleString("en")}</span>
                    <span>
                      <button
                        type="button"
                        className="exclude"
                        title={`Leave out ${v.query}`}
                        aria-label={`Leave out ${v.label}`}
                        onClick={() => onPivot(v.query, true)}
                      >
                        −
                      </button>
                      {v.href && (
                        <Link href={ws.href(v.href)} title="Open its page" aria-label={`Open ${v.label}`}>
                          ↗
                        </Link>
                      )}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </section>
        );
      })}
    </div>
  );
}
