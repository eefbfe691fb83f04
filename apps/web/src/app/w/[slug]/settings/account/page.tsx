"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { NotificationSettings } from "@/components/response/notification-settings";
import { Card } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, useTRPC } from "@/lib/trpc";

/** The signed-in person's own account: their alert mail for this workspace, their password. */
export default function AccountPage() {
  return (
    <>
      <NotificationSettings />
      <ChangePassword />
    </>
  );
}

function ChangePassword() {
  const trpc = useTRPC();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent("");
        setNew("");
      },
    }),
  );
  const { message, fields } = errorDetails(change.error);
  const ended = change.data?.sessionsEnded;
  return (
    <Card title="Change your password">
      <p className="muted">
        Changing it signs you out everywhere else: every other browser where you are signed in has to sign in again.
      </p>
      {ended !== undefined && (
        <div className="notice" role="status" data-testid="password-changed">
          Password changed.{" "}
          {ended === 0
            ? "You were signed in nowhere else."
            : `${ended} other session${ended === 1 ? " was" : "s were"} signed out.`}
        </div>
      )}
      <form
        noValidate
        aria-label="Change your password"
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate({ currentPassword, newPassword });
        }}
      >
        <FormError message={message} />
        <Field
          id="current-password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={fields.currentPassword}
        />
        <Field
          id="new-password"
          label="New password"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={fields.newPassword}
        />
        <Button type="submit" variant="primary" disabled={change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
        </Button>
      </form>
    </Card>
  );
}
