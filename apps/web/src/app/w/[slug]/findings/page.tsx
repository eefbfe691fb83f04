import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Findings" };

/** Not in the menu until it is built: says so, rather than that the workspace has no data. */
export default function Page() {
  return (
    <>
      <PageHeader title="Findings" description="Posture risks in your APIs and how to fix them." />
      <EmptyState title="Not built yet">
        {
          "Posture findings are not built yet: unauthenticated endpoints carrying sensitive data, missing rate limits, secrets in URLs and exposed admin functions will be listed here, judged from the traffic already ingested. Until then, the Inventory and the Overview show unauthenticated endpoints and sensitive data."
        }
      </EmptyState>
    </>
  );
}
