"use client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { safeCallbackUrl } from "@/lib/safe-callback-url";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const callbackUrl = safeCallbackUrl(params.get("callbackUrl"));
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(
    params.get("error") && params.get("error") !== "undefined" ? "Sign in again to continue." : null,
  );
  const [pending, setPending] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { email, password, redirect: false });
    setPending(false);
    if (!result || result.error) {
      setError(
        result?.error && result.error !== "CredentialsSignin"
          ? result.error
          : "That email and password do not match an account.",
      );
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <form noValidate className="card" onSubmit={submit} aria-label="Sign in">
      <div className="brand">
        <span className="brand-mark" />
        Lantern
      </div>
      <h1>Sign in</h1>
      <p className="muted">API security analytics from the access logs you already have.</p>
      <FormError message={error} />
      <Field
        id="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Field
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="muted" style={{ marginTop: 12 }}>
        <Link href={`/forgot-password${email ? `?email=${encodeURIComponent(email)}` : ""}`}>
          Forgot your password?
        </Link>
      </p>
      <p className="muted" style={{ marginTop: 16 }}>
        New to Lantern? <Link href="/signup">Create a workspace</Link>
      </p>
    </form>
  );
}
