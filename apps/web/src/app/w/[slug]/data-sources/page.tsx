"use client";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { useWorkspace } from "@/components/shell/workspace-context";

export default function DataSourcesPage() {
  const ws = useWorkspace();
  return (
    <>
      <PageHeader title="Data sources" description="Where this workspace's API traffic comes from." />
      <EmptyState
        title="Upload your first access log"
        action={ws.can("tokens.manage") ? <ButtonLink variant="primary" href={ws.href("/settings/tokens")}>Create an ingest token</ButtonLink> : undefined}
      >
        No logs have been ingested into {ws.name} yet. Lantern reads web server, load balancer, CDN and API gateway access logs (nginx, Apache, AWS ALB and CloudFront, API Gateway, Envoy, Kong, JSON lines, HAR). To stream them from Fluent Bit, Vector or a script, create an API token with the ingest scope.
      </EmptyState>
    </>
  );
}
