"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, useTRPC } from "@/lib/trpc";

/** For someone whose last workspace went away: make a new one. */
export function NoWorkspace({ name }: { name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [workspaceName, setWorkspaceName] = useState("");
  const create = useMutation(trpc.account.createWorkspace.mutationOptions({ onSuccess: (ws) => router.push(`/w/${ws.slug}`) }));
  const { message, fields } = errorDetails(create.error);
  return (
    <main className="auth">
      <div className="card">
        <div className="brand"><span className="brand-mark" />Lantern</div>
        <h1>Hello {name}</h1>
        <p className="muted">You are not in any workspace. Create one, or ask a teammate to invite you.</p>
        <form noValidate onSubmit={(e) => { e.preventDefault(); create.mutate({ name: workspaceName }); }}>
          <FormError message={message} />
          <Field id="workspaceName" label="Workspace name" value={workspaceName} onChange={(e) => setWorkspaceName(e.target.value)} error={fields.name} />
          <div className="row">
            <Button type="submit" variant="primary" disabled={create.isPending}>Create workspace</Button>
            <Button onClick={() => signOut({ callbackUrl: "/login" })}>Sign out</Button>
          </div>
        </form>
      </div>
    </main>
  );
}
