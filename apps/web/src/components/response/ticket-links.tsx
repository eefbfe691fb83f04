/** Issues a ticket integration opened for an alert or a finding, with the status the ticket system last reported. */
export function TicketLinks({ tickets }: { tickets: { key: string; url: string; status: string | null }[] }) {
  return tickets.map((t) => (
    <span key={t.key} data-testid="ticket">
      ticket{" "}
      <a href={t.url} target="_blank" rel="noopener noreferrer">
        {t.key}
      </a>
      {t.status ? ` (${t.status})` : ""}
    </span>
  ));
}

/** A line of history for a ticket's change of status, as Jira's webhook reported it ("SEC-4 moved to In Progress in Jira"). */
export function ticketText(detail: Record<string, unknown>): string {
  return `${String(detail.key ?? "The ticket")} moved to ${String(detail.status ?? "another status")} in Jira`;
}
