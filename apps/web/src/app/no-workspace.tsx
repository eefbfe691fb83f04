"use client";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { CreateWorkspaceForm } from "@/components/workspace/create-workspace-form";

/** For someone whose last workspace went away: make a new one. */
export function NoWorkspace({ name }: { name: string }) {
  return (
    <main className="auth">
      <div className="card">
        <div className="brand">
          <span className="brand-mark" />
          Lantern
        </div>
        <h1>Hello {name}</h1>
        <p className="muted">You are not in any workspace. Create one, or ask a teammate to invite you.</p>
        <CreateWorkspaceForm
          secondaryAction={<Button onClick={() => signOut({ callbackUrl: "/login" })}>Sign out</Button>}
        />
      </div>
    </main>
  );
}
