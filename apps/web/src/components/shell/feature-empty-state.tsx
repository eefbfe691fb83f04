"use client";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { useWorkspace } from "./workspace-context";

/** What a page that feeds on ingested traffic shows before there is any. */
export function FeatureEmptyState({
  title,
  description,
  emptyTitle,
  emptyBody,
}: {
  title: string;
  description: string;
  emptyTitle: string;
  emptyBody: string;
}) {
  const ws = useWorkspace();
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState
        title={emptyTitle}
        action={
          ws.can("data.ingest") ? (
            <ButtonLink variant="primary" href={ws.href("/data-sources")}>
              Upload your first access log
            </ButtonLink>
          ) : (
            <p className="muted">Ask an Owner, Admin, Analyst or Developer of this workspace to upload access logs.</p>
          )
        }
      >
        {emptyBody}
      </EmptyState>
    </>
  );
}
