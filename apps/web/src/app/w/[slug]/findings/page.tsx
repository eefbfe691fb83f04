import { FeatureEmptyState } from "@/components/shell/feature-empty-state";

export const metadata = { title: "Findings" };

export default function Page() {
  return (
    <FeatureEmptyState
      title="Findings"
      description="Posture risks in your APIs and how to fix them."
      emptyTitle="No findings yet"
      emptyBody="Findings come from the traffic Lantern sees: unauthenticated endpoints carrying sensitive data, missing rate limits, secrets in URLs, exposed admin functions. Upload an access log to audit your APIs."
    />
  );
}
