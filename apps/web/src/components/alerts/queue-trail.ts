// The queue an alert was opened from, so the alert page can step to the next
// one (j / k, and after triage) in the order the analyst was working. Kept in
// the tab's session storage: it is this tab's working order, not shared state.

type Trail = { ids: string[]; href: string };
const keyOf = (slug: string) => `lantern.queue.${slug}`;

/** The queue page's current order, kept whenever it shows alerts. */
export function rememberQueue(slug: string, ids: string[], href: string) {
  try {
    sessionStorage.setItem(keyOf(slug), JSON.stringify({ ids, href } satisfies Trail));
  } catch {
    // Storage full or disabled: stepping through the queue is a convenience.
  }
}

/** Where an alert sits in the remembered queue, or null when it was not opened from it. */
export function queuePlace(slug: string, alertId: string) {
  let trail: Trail | null = null;
  try {
    trail = JSON.parse(sessionStorage.getItem(keyOf(slug)) ?? "null") as Trail | null;
  } catch {
    return null;
  }
  const index = trail?.ids.indexOf(alertId) ?? -1;
  if (!trail || index < 0) return null;
  return {
    index,
    total: trail.ids.length,
    previous: trail.ids[index - 1] ?? null,
    next: trail.ids[index + 1] ?? null,
    href: trail.href,
  };
}
