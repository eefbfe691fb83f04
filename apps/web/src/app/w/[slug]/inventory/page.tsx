import { FeatureEmptyState } from "@/components/shell/feature-empty-state";

export const metadata = { title: "Inventory" };

export default function Page() {
  return (
    <FeatureEmptyState
      title="Inventory"
      description="Every endpoint seen in your traffic, documented or not."
      emptyTitle="Your inventory is empty"
      emptyBody="Lantern discovers endpoints from access logs: methods, path templates, callers, authentication and sensitive data. Upload a log, then add your OpenAPI specs to find shadow and zombie APIs."
    />
  );
}
