"use client";
import { useState } from "react";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { useShortcuts } from "@/lib/use-shortcuts";
import type { BulkChange } from "./queue-actions";

/** The queue's keys, shown by "?" (the same list the alert page uses, where j / k step between alerts). */
export const QUEUE_KEYS: [string, string][] = [
  ["j / k", "next / previous alert"],
  ["Enter or o", "open the alert"],
  ["x", "select or unselect it"],
  ["a", "assign the selected alerts (or the one under the cursor) to me"],
  ["i", "mark them investigating"],
  ["r", "resolve them"],
  ["?", "show or hide these keys"],
];

/** The queue by keyboard: a cursor walking the rows on screen, and triage of the selection or the cursor's row. */
export function QueueShortcuts({
  order,
  cursor,
  setCursor,
  enabled,
  open,
  toggle,
  act,
}: {
  order: string[];
  cursor: string | null;
  setCursor: (id: string) => void;
  enabled: boolean;
  open: (id: string) => void;
  toggle: (id: string) => void;
  act: (change: BulkChange) => void;
}) {
  const ws = useWorkspace();
  const [help, setHelp] = useState(false);
  const move = (step: number) => {
    if (!order.length) return;
    const at = cursor ? order.indexOf(cursor) : -1;
    const next = order[Math.min(order.length - 1, Math.max(0, at < 0 ? 0 : at + step))]!;
    setCursor(next);
    document.querySelector(`[data-row-id="${next}"]`)?.scrollIntoView({ block: "nearest" });
  };
  // Without a row under the cursor the key is not the queue's (false: useShortcuts leaves it to the page).
  const onCursor = (run: (id: string) => void) => () => {
    if (!cursor || !order.includes(cursor)) return false;
    run(cursor);
  };
  useShortcuts(
    {
      j: () => move(1),
      arrowdown: () => move(1),
      k: () => move(-1),
      arrowup: () => move(-1),
      enter: onCursor(open),
      o: onCursor(open),
      x: onCursor(toggle),
      a: () => act({ assigneeId: ws.userId }),
      i: () => act({ status: "INVESTIGATING" }),
      r: () => act({ status: "RESOLVED" }),
      "?": () => setHelp((h) => !h),
      escape: () => setHelp(false),
    },
    enabled,
  );
  if (!help) return null;
  return <ShortcutHelp keys={QUEUE_KEYS} onClose={() => setHelp(false)} />;
}

/** A page's keys as a list, closed by its button or Escape. */
export function ShortcutHelp({ keys, onClose }: { keys: [string, string][]; onClose: () => void }) {
  return (
    <section className="card shortcut-help" aria-label="Keyboard shortcuts" data-testid="shortcut-help">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0 }}>Keyboard shortcuts</h2>
        <Button small onClick={onClose}>
          Close
        </Button>
      </div>
      <dl className="shortcut-list">
        {keys.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
