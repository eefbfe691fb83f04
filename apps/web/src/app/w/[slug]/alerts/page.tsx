import { FeatureEmptyState } from "@/components/shell/feature-empty-state";

export const metadata = { title: "Alerts" };

export default function Page() {
  return (
    <FeatureEmptyState
      title="Alerts"
      description="Abuse detected by behavioural models, with a verdict and an explanation."
      emptyTitle="No alerts yet"
      emptyBody="Lantern learns how each actor and endpoint normally behaves and alerts on credential stuffing, object enumeration, scraping and stolen keys. It needs traffic to learn from: upload an access log."
    />
  );
}
