"use client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useWorkspace } from "@/components/shell/workspace-context";
import { errorText } from "@/lib/trpc";
import { useShortcuts } from "@/lib/use-shortcuts";
import { STATUS_LABEL } from "./alert-labels";
import { type BulkChange, useBulkTriage } from "./queue-actions";
import { ShortcutHelp } from "./queue-shortcuts";
import { queuePlace } from "./queue-trail";

const ALERT_KEYS: [string, string][] = [
  ["j / k", "next / previous alert in the queue"],
  ["a", "assign this alert to me"],
  ["i", "mark it investigating"],
  ["r", "resolve it and go to the next"],
  ["u", "back to the queue"],
  ["?", "show or hide these keys"],
];

type Place = NonNullable<ReturnType<typeof queuePlace>>;

/** Where the alert stands in the queue it was opened from; null when it was opened some other way. */
export function useQueuePlace(alertId: string): Place | null {
  const ws = useWorkspace();
  const [place, setPlace] = useState<Place | null>(null);
  // Session storage exists only in the browser: read after the first render.
  useEffect(() => setPlace(queuePlace(ws.slug, alertId)), [ws.slug, alertId]);
  return place;
}

/** After a status change, the next alert of the queue (or the queue when it was the last), saying what was done. */
export function useNextAfterTriage(alertId: string, place: Place | null) {
  const ws = useWorkspace();
  const router = useRouter();
  return (status: string) => {
    if (!place) return;
    const done = new URLSearchParams({ triaged: status, previous: alertId });
    router.push(place.next ? `${ws.href(`/alerts/${place.next}`)}?${done}` : place.href);
  };
}

/**
 * "Alert 3 of 50 in the queue", previous and next, the keys to walk and
 * triage it, and what was done to the alert before this one.
 */
export function QueueStepper({ alertId, place }: { alertId: string; place: Place | null }) {
  const ws = useWorkspace();
  const router = useRouter();
  const params = useSearchParams();
  const [help, setHelp] = useState(false);
  const next = useNextAfterTriage(alertId, place);
  const triage = useBulkTriage(() => undefined);
  const act = (change: BulkChange, thenNext = false) => {
    if (!ws.can("alerts.triage")) return;
    triage.bulk.mutate(
      { alertIds: [alertId], ...change },
      { onSuccess: () => thenNext && change.status && next(change.status) },
    );
  };
  const go = (id: string | null) => id && router.push(ws.href(`/alerts/${id}`));
  useShortcuts({
    j: () => go(place?.next ?? null),
    k: () => go(place?.previous ?? null),
    u: () => router.push(place?.href ?? ws.href("/alerts")),
    a: () => act({ assigneeId: ws.userId }),
    i: () => act({ status: "INVESTIGATING" }),
    r: () => act({ status: "RESOLVED" }, true),
    "?": () => setHelp((h) => !h),
    escape: () => setHelp(false),
  });
  const triaged = params.get("triaged");
  const previous = params.get("previous");
  return (
    <>
      {triaged && previous && STATUS_LABEL[triaged] && (
        <p className="notice" role="status" data-testid="triaged-notice">
          The <Link href={ws.href(`/alerts/${previous}`)}>previous alert</Link> is now {STATUS_LABEL[triaged]}; this is
          the next in your queue.
        </p>
      )}
      {place && (
        <nav className="row queue-stepper" aria-label="Queue" data-testid="queue-stepper">
          <Link href={place.href}>← Queue</Link>
          <span className="muted">
            alert {place.index + 1} of {place.total}
          </span>
          {place.previous && <Link href={ws.href(`/alerts/${place.previous}`)}>Previous (k)</Link>}
          {place.next && <Link href={ws.href(`/alerts/${place.next}`)}>Next (j)</Link>}
          <span className="muted">
            <kbd>?</kbd> keys
          </span>
        </nav>
      )}
      {triage.bulk.error && (
        <p className="form-error" role="alert">
          {errorText(triage.bulk.error)}
        </p>
      )}
      {help && <ShortcutHelp keys={ALERT_KEYS} onClose={() => setHelp(false)} />}
    </>
  );
}
