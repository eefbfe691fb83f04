"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, useTRPC } from "@/lib/trpc";

export default function NewWorkspacePage() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(trpc.account.createWorkspace.mutationOptions({ onSuccess: (ws) => router.push(`/w/${ws.slug}`) }));
  const { message, fields } = errorDetails(create.error);
  return (
    <main className="auth">
      <form noValidate className="card" aria-label="New workspace" onSubmit={(e) => { e.preventDefault(); create.mutate({ name }); }}>
        <div className="brand"><span className="brand-mark" />Lantern</div>
        <h1>New workspace</h1>
        <p className="muted">A separate place for another company, team or environment. You will be its Owner.</p>
        <FormError message={message} />
        <Field id="name" label="Workspace name" value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
        <div className="row">
          <Button type="submit" variant="primary" disabled={create.isPending}>Create workspace</Button>
          <Button onClick={() => router.back()}>Cancel</Button>
        </div>
      </form>
    </main>
  );
}
