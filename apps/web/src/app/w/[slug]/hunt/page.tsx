import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Hunt" };

/** Not in the menu until it is built: says so, rather than that the workspace has no data. */
export default function Page() {
  return (
    <>
      <PageHeader title="Hunt" description="Search and pivot over at least 30 days of API traffic." />
      <EmptyState title="Not built yet">
        {
          "Threat hunting is not built yet: searching every stored request by actor, endpoint, status, country or time will happen here. Until then, an actor's page shows its calls, endpoints and places, and each alert lists the requests behind it."
        }
      </EmptyState>
    </>
  );
}
