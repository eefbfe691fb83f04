import { FeatureEmptyState } from "@/components/shell/feature-empty-state";

export const metadata = { title: "API map" };

export default function Page() {
  return (
    <FeatureEmptyState
      title="API map"
      description="Who calls which services and endpoints, how much, from inside or outside your network."
      emptyTitle="No traffic to draw yet"
      emptyBody="The map draws itself from your traffic: client groups, services and endpoints, with the endpoints that carry sensitive data or answer without authentication marked. Upload an access log to light it up."
    />
  );
}
