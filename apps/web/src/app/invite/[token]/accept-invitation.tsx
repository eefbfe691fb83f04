"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn, signOut } from "next-auth/react";
import { useState } from "react";
import { PASSWORD_MIN_LENGTH } from "@lantern/services/validation";
import { ROLE_LABELS } from "@lantern/services/permissions";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { errorDetails, useTRPC } from "@/lib/trpc";

export function AcceptInvitation({ token, signedInEmail }: { token: string; signedInEmail: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const preview = useQuery(trpc.invitations.preview.queryOptions({ token }));
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async ({ user, workspaceSlug }) => {
        if (!signedInEmail) await signIn("credentials", { email: user.email, password, redirect: false });
        router.push(`/w/${workspaceSlug}`);
        router.refresh();
      },
    }),
  );
  const { message, fields } = errorDetails(accept.error);
  const inv = preview.data;

  const frame = (body: React.ReactNode) => (
    <div className="card">
      <div className="brand">
        <span className="brand-mark" />
        Lantern
      </div>
      {body}
    </div>
  );

  if (preview.isPending) return frame(<p className="muted">Checking your invitation…</p>);
  if (!inv)
    return frame(
      <>
        <h1>Invitation not found</h1>
        <p className="muted">
          This invitation link is not valid. Check that you copied all of it, or ask for a new one.
        </p>
      </>,
    );
  if (inv.status !== "pending") {
    const why = {
      accepted: "It has already been used.",
      revoked: "It was revoked by an admin.",
      expired: "It has expired.",
    }[inv.status];
    return frame(
      <>
        <h1>This invitation can no longer be used</h1>
        <p className="muted">
          {why} Ask an admin of {inv.workspaceName} for a new one.
        </p>
        <Link href="/login">Sign in</Link>
      </>,
    );
  }

  const heading = (
    <>
      <h1>Join {inv.workspaceName}</h1>
      <p className="muted">
        {inv.invitedBy ? `${inv.invitedBy} invited` : "You were invited as"} <strong>{inv.email}</strong> to join as{" "}
        <strong>{ROLE_LABELS[inv.role]}</strong>.
      </p>
    </>
  );

  if (signedInEmail && signedInEmail !== inv.email) {
    return frame(
      <>
        {heading}
        <p>
          You are signed in as {signedInEmail}. Sign out and sign in as {inv.email} to accept.
        </p>
        <Button
          onClick={() =>
            signOut({
              callbackUrl: `/login?email=${encodeURIComponent(inv.email)}&callbackUrl=${encodeURIComponent(`/invite/${token}`)}`,
            })
          }
        >
          Sign out
        </Button>
      </>,
    );
  }
  if (signedInEmail) {
    return frame(
      <>
        {heading}
        <FormError message={message} />
        <Button variant="primary" disabled={accept.isPending} onClick={() => accept.mutate({ token })}>
          Join {inv.workspaceName}
        </Button>
      </>,
    );
  }
  if (inv.accountExists) {
    return frame(
      <>
        {heading}
        <p>You already have a Lantern account. Sign in to accept.</p>
        <Link
          className="btn btn-primary"
          href={`/login?email=${encodeURIComponent(inv.email)}&callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}
        >
          Sign in to accept
        </Link>
      </>,
    );
  }
  return frame(
    <form
      noValidate
      aria-label="Accept invitation"
      onSubmit={(e) => {
        e.preventDefault();
        accept.mutate({ token, newUser: { name, password } });
      }}
    >
      {heading}
      <FormError message={message} />
      <Field id="email" label="Email" value={inv.email} disabled readOnly />
      <Field
        id="name"
        label="Your name"
        autoComplete="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fields["newUser.name"]}
      />
      <Field
        id="password"
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters`}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fields["newUser.password"]}
      />
      <Button type="submit" variant="primary" disabled={accept.isPending}>
        Join {inv.workspaceName}
      </Button>
    </form>,
  );
}
