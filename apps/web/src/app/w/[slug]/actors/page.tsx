import { FeatureEmptyState } from "@/components/shell/feature-empty-state";

export const metadata = { title: "Actors" };

export default function Page() {
  return (
    <FeatureEmptyState
      title="Actors"
      description="The users, tokens, API keys and addresses that call your APIs."
      emptyTitle="No actors seen yet"
      emptyBody="Actors are built from the identities in your logs (API keys, bearer tokens, JWT subjects, IPs), linked when they are used together. Upload an access log to see who calls your APIs."
    />
  );
}
