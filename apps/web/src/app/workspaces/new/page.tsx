"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { CreateWorkspaceForm } from "@/components/workspace/create-workspace-form";

export default function NewWorkspacePage() {
  const router = useRouter();
  return (
    <main className="auth">
      <div className="card">
        <div className="brand">
          <span className="brand-mark" />
          Lantern
        </div>
        <h1>New workspace</h1>
        <p className="muted">A separate place for another company, team or environment. You will be its Owner.</p>
        <CreateWorkspaceForm secondaryAction={<Button onClick={() => router.back()}>Cancel</Button>} />
      </div>
    </main>
  );
}
