"use client";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, useTRPC } from "@/lib/trpc";

export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const info = useQuery(trpc.account.resetLinkInfo.queryOptions({ token }));
  const [newPassword, setNew] = useState("");
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());
  const { message, fields } = errorDetails(reset.error);
  return (
    <form
      noValidate
      className="card"
      aria-label="Set a new password"
      onSubmit={(e) => {
        e.preventDefault();
        reset.mutate({ token, newPassword });
      }}
    >
      <div className="brand">
        <span className="brand-mark" />
        Lantern
      </div>
      <h1>Set a new password</h1>
      {reset.data ? (
        <div className="notice" role="status" data-testid="password-reset">
          The password of {reset.data.email} is set, and every session of it was signed out.{" "}
          <Link href={`/login?email=${encodeURIComponent(reset.data.email)}`}>Sign in</Link>
        </div>
      ) : info.data && !info.data.valid ? (
        <div className="form-error" role="alert">
          This reset link was used already or has expired. <Link href="/forgot-password">Ask for a new one</Link>.
        </div>
      ) : (
        <>
          {info.data?.email && (
            <p className="muted">For {info.data.email}. Setting it signs this account out everywhere.</p>
          )}
          <FormError message={message} />
          <Field
            id="new-password"
            label="New password"
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
            error={fields.newPassword}
          />
          <Button type="submit" variant="primary" disabled={reset.isPending || !info.data}>
            {reset.isPending ? "Setting…" : "Set the new password"}
          </Button>
        </>
      )}
    </form>
  );
}
