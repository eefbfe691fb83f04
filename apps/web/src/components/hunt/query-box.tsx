"use client";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { applySuggestion, type Suggestion, suggest } from "@/lib/hunt-suggest";

type FieldInfo = { name: string; about: string; aliases?: string[]; example: string };

/**
 * The hunt's query, with completion of field names and of values the
 * results hold (Tab or a click takes the highlighted one; Enter runs).
 */
export function QueryBox({
  initial,
  fields,
  values,
  onRun,
  running,
}: {
  initial: string;
  fields: FieldInfo[];
  values: Record<string, { value: string; query: string }[]>;
  onRun: (query: string) => void;
  running: boolean;
}) {
  const [text, setText] = useState(initial);
  const [caret, setCaret] = useState(initial.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const suggestions: Suggestion[] = open ? suggest(text, caret, fields, values) : [];

  const take = (s: Suggestion) => {
    const next = applySuggestion(text, caret, s.insert);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  };
  return (
    <search aria-label="Hunt">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setOpen(false);
          onRun(text.trim());
        }}
        style={{ position: "relative" }}
      >
        <div className="row" style={{ gap: 8 }}>
          <input
            ref={input}
            aria-label="Query"
            role="combobox"
            aria-expanded={suggestions.length > 0}
            aria-controls="hunt-completions"
            aria-autocomplete="list"
            className="mono"
            style={{ flex: 1 }}
            value={text}
            placeholder='actor:"user alice" AND status:>=400 AND path:/v1/users/*  |  stats count() by endpoint'
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setText(e.target.value);
              setCaret(e.target.selectionStart ?? e.target.value.length);
              setOpen(true);
              setActive(0);
            }}
            onKeyUp={(e) => setCaret(e.currentTarget.selectionStart ?? text.length)}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onKeyDown={(e) => {
              if (!suggestions.length) return;
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                setActive((a) => (a + (e.key === "ArrowDown" ? 1 : suggestions.length - 1)) % suggestions.length);
              } else if (e.key === "Tab") {
                e.preventDefault();
                take(suggestions[active]!);
              } else if (e.key === "Escape") setOpen(false);
            }}
          />
          <Button type="submit" variant="primary" disabled={running}>
            {running ? "Hunting…" : "Hunt"}
          </Button>
        </div>
        {suggestions.length > 0 && (
          <div className="suggestions" role="listbox" id="hunt-completions" aria-label="Completions">
            {suggestions.map((s, i) => (
              <div
                key={s.label}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => take(s)}
                onKeyDown={(e) => e.key === "Enter" && take(s)}
              >
                <span className="mono">{s.label}</span> <span className="muted">{s.hint}</span>
              </div>
            ))}
          </div>
        )}
      </form>
    </search>
  );
}
