"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, useTRPC } from "@/lib/trpc";

/** Creates a workspace owned by the signed-in person and opens it. */
export function CreateWorkspaceForm({ secondaryAction }: { secondaryAction: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.account.createWorkspace.mutationOptions({ onSuccess: (ws) => router.push(`/w/${ws.slug}`) }),
  );
  const { message, fields } = errorDetails(create.error);
  return (
    <form
      noValidate
      aria-label="New workspace"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name });
      }}
    >
      <FormError message={message} />
      <Field
        id="name"
        label="Workspace name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fields.name}
      />
      <div className="row">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create workspace
        </Button>
        {secondaryAction}
      </div>
    </form>
  );
}
