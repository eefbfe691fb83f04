"use client";
import { useEffect, useRef } from "react";

/** Whether a key press is someone typing (a field, a list box, an editable area), not a shortcut. */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/**
 * Single-key shortcuts for a page (j, k, enter, ?): ignored while typing in a
 * field or with Ctrl, Alt or Meta held, so they never steal a browser's or a
 * field's keys. A handler that returns false had nothing to do: the key is
 * left to the page (Enter on the skip link follows it when no alert is under
 * the queue's cursor; taken, it was lost). The latest handlers are used
 * without re-binding.
 */
export function useShortcuts(keys: Record<string, () => unknown>, enabled = true) {
  const current = useRef(keys);
  current.current = keys;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented || typing(e.target)) return;
      // Letters as typed ("j", "?"), named keys in lower case ("enter", "escape", "arrowdown").
      const run = current.current[e.key.length === 1 ? e.key : e.key.toLowerCase()];
      if (!run) return;
      if (run() !== false) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
