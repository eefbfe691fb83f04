"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, useTRPC } from "@/lib/trpc";

export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  const { message, fields } = errorDetails(request.error);
  return (
    <form
      noValidate
      className="card"
      aria-label="Forgot your password"
      onSubmit={(e) => {
        e.preventDefault();
        request.mutate({ email });
      }}
    >
      <div className="brand">
        <span className="brand-mark" />
        Lantern
      </div>
      <h1>Forgot your password</h1>
      {request.data ? (
        <div className="notice" role="status" data-testid="reset-requested">
          {request.data.mailEnabled
            ? `If ${email} has a Lantern account, a link to set a new password is on its way. It works once, for an hour.`
            : "This Lantern does not send mail. Ask an Owner of your workspace for a password reset link (Settings → Members)."}
        </div>
      ) : (
        <>
          <p className="muted">Enter the email you sign in with.</p>
          <FormError message={message} />
          <Field
            id="email"
            label="Email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fields.email}
          />
          <Button type="submit" variant="primary" disabled={request.isPending}>
            {request.isPending ? "Sending…" : "Send a reset link"}
          </Button>
        </>
      )}
      <p className="muted" style={{ marginTop: 16 }}>
        <Link href="/login">Back to sign in</Link>
      </p>
    </form>
  );
}
