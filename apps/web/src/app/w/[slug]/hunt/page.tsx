import { FeatureEmptyState } from "@/components/shell/feature-empty-state";

export const metadata = { title: "Hunt" };

export default function Page() {
  return (
    <FeatureEmptyState
      title="Hunt"
      description="Search and pivot over at least 30 days of API traffic."
      emptyTitle="Nothing to hunt through yet"
      emptyBody="Threat hunting searches the events ingested into this workspace. Upload an access log, then query by actor, endpoint, status, country or time."
    />
  );
}
