"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { PASSWORD_MIN_LENGTH } from "@lantern/services/validation";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, useTRPC } from "@/lib/trpc";

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({ name: "", workspaceName: "", email: "", password: "" });
  const [signInError, setSignInError] = useState<string | null>(null);
  const signUp = useMutation(
    trpc.account.signUp.mutationOptions({
      onSuccess: async ({ workspaceSlug }) => {
        const result = await signIn("credentials", { email: form.email, password: form.password, redirect: false });
        if (result?.error) return setSignInError(result.error);
        router.push(`/w/${workspaceSlug}`);
        router.refresh();
      },
    }),
  );
  const { message, fields } = errorDetails(signUp.error);
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [key]: e.target.value });

  return (
    <form
      noValidate
      className="card"
      aria-label="Create your workspace"
      onSubmit={(e) => {
        e.preventDefault();
        signUp.mutate(form);
      }}
    >
      <div className="brand">
        <span className="brand-mark" />
        Lantern
      </div>
      <h1>Create your workspace</h1>
      <p className="muted">You will be its Owner and can invite your team next.</p>
      <FormError message={message ?? signInError} />
      <Field
        id="name"
        label="Your name"
        autoComplete="name"
        value={form.name}
        onChange={set("name")}
        error={fields.name}
      />
      <Field
        id="workspaceName"
        label="Workspace name"
        hint="Usually your company or team, e.g. Acme"
        value={form.workspaceName}
        onChange={set("workspaceName")}
        error={fields.workspaceName}
      />
      <Field
        id="email"
        label="Work email"
        type="email"
        autoComplete="email"
        value={form.email}
        onChange={set("email")}
        error={fields.email}
      />
      <Field
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters`}
        value={form.password}
        onChange={set("password")}
        error={fields.password}
      />
      <Button type="submit" variant="primary" disabled={signUp.isPending}>
        {signUp.isPending ? "Creating…" : "Create workspace"}
      </Button>
      <p className="muted" style={{ marginTop: 16 }}>
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </form>
  );
}
