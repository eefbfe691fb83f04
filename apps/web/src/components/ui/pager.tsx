import type { ReactNode } from "react";
import { Button } from "./button";

/** Previous / where we are / next, under a paged table. */
export function Pager({
  page,
  pages,
  onPage,
  summary,
  testId,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  summary?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="row" style={{ marginTop: 12 }}>
      <Button small disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <span className="muted" data-testid={testId}>
        page {page} of {pages}
        {summary ? <> · {summary}</> : null}
      </span>
      <Button small disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </div>
  );
}
