"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ROLES, ROLE_LABELS, roleSummary } from "@lantern/services/permissions";
import type { Role } from "@lantern/db/client";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { SecretOnce } from "@/components/ui/secret-once";
import { Table } from "@/components/ui/table";
import { formatDate } from "@/components/ui/format";
import { useWorkspace } from "@/components/shell/workspace-context";
import { errorDetails, useTRPC } from "@/lib/trpc";

export default function MembersPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const manage = ws.can("members.manage");
  const members = useQuery(trpc.members.list.queryOptions());
  const invitations = useQuery({ ...trpc.invitations.list.queryOptions(), enabled: manage });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
  };
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSettled: refresh }));
  const revoke = useMutation(trpc.invitations.revoke.mutationOptions({ onSettled: refresh }));
  const resetLink = useMutation(trpc.members.resetLink.mutationOptions());
  const [shownReset, setShownReset] = useState<{ link: string; email: string } | null>(null);
  const actionError = errorDetails(changeRole.error ?? remove.error ?? revoke.error ?? resetLink.error).message;
  const owner = ws.can("members.manageOwners");
  const me = useQuery({ ...trpc.account.me.queryOptions(), enabled: owner });
  const assignable = ROLES.filter((r) => r !== "OWNER" || ws.can("members.manageOwners"));

  return (
    <>
      {manage ? (
        <InviteForm roles={assignable} onInvited={refresh} />
      ) : (
        <div className="notice" role="note">
          Only Owners and Admins can invite people, change roles or remove members.
        </div>
      )}
      <Card title="Members">
        <FormError message={actionError} />
        {shownReset && (
          <SecretOnce
            label={`Password reset link for ${shownReset.email}: hand it to them; it works once, for 24 hours, and signs them out everywhere.`}
            value={shownReset.link}
            onDone={() => setShownReset(null)}
          />
        )}
        <Table
          rows={members.data ?? []}
          empty="Loading members…"
          columns={[
            {
              header: "Name",
              cell: (m) => (
                <>
                  <strong>{m.name}</strong>
                  <div className="muted">{m.email}</div>
                </>
              ),
            },
            {
              header: "Role",
              cell: (m) =>
                manage && (m.role !== "OWNER" || ws.can("members.manageOwners")) ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    disabled={changeRole.isPending}
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      // Owners can remove every other Owner: granting it is asked twice.
                      if (
                        role === "OWNER" &&
                        !confirm(`Make ${m.email} an Owner of ${ws.name}? ${roleSummary("OWNER")}`)
                      )
                        return;
                      changeRole.mutate({ memberId: m.id, role });
                    }}
                  >
                    {assignable.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                ) : (
                  <Badge>{ROLE_LABELS[m.role]}</Badge>
                ),
            },
            { header: "Joined", cell: (m) => formatDate(m.joinedAt) },
            {
              header: "",
              width: "220px",
              cell: (m) => (
                <div className="row">
                  {owner && me.data && m.userId !== me.data.user?.id && (
                    <Button
                      small
                      disabled={resetLink.isPending}
                      onClick={() => resetLink.mutate({ memberId: m.id }, { onSuccess: (r) => setShownReset(r) })}
                    >
                      Reset link
                    </Button>
                  )}
                  {manage && (m.role !== "OWNER" || ws.can("members.manageOwners")) && (
                    <Button
                      small
                      variant="danger"
                      onClick={() =>
                        confirm(`Remove ${m.email} from ${ws.name}? The API tokens they created stop working.`) &&
                        remove.mutate({ memberId: m.id })
                      }
                    >
                      Remove
                    </Button>
                  )}
                </div>
              ),
            },
          ]}
        />
      </Card>
      {manage && (
        <Card title="Pending invitations">
          <Table
            rows={invitations.data ?? []}
            empty="No pending invitations."
            columns={[
              { header: "Email", cell: (i) => i.email },
              { header: "Role", cell: (i) => <Badge>{ROLE_LABELS[i.role]}</Badge> },
              {
                header: "Status",
                cell: (i) => (
                  <Badge tone={i.status === "pending" ? "ok" : "danger"}>
                    {i.status === "pending" ? `expires ${formatDate(i.expiresAt)}` : i.status}
                  </Badge>
                ),
              },
              {
                header: "",
                width: "120px",
                cell: (i) => (
                  <Button small variant="danger" onClick={() => revoke.mutate({ invitationId: i.id })}>
                    Revoke
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      )}
    </>
  );
}

function InviteForm({ roles, onInvited }: { roles: readonly Role[]; onInvited: () => void }) {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("ANALYST");
  const [result, setResult] = useState<{ link: string | null; email: string; mailed: boolean } | null>(null);
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: (r) => {
        setResult(r);
        setEmail("");
        onInvited();
      },
    }),
  );
  const { message, fields } = errorDetails(invite.error);
  return (
    <Card title="Invite a teammate">
      {result?.link && (
        <SecretOnce label={`Invitation link for ${result.email}.`} value={result.link} onDone={() => setResult(null)} />
      )}
      {result?.mailed && (
        <div className="notice" role="status">
          Invitation mailed to {result.email}.
        </div>
      )}
      <form
        noValidate
        className="row"
        style={{ alignItems: "flex-start" }}
        aria-label="Invite a teammate"
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate({ email, role });
        }}
      >
        <div style={{ flex: 1, minWidth: "min(240px, 100%)" }}>
          <Field
            id="invite-email"
            label="Email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fields.email}
            hint={
              ws.mailEnabled
                ? "They are mailed a link, valid for 7 days and usable once."
                : "Mail is not set up on this Lantern (SMTP_URL): you get the link, valid for 7 days and usable once, to hand them yourself."
            }
          />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select
            id="invite-role"
            aria-describedby="invite-role-what"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <span className="field-spacer" aria-hidden="true">
            &nbsp;
          </span>
          <Button type="submit" variant="primary" disabled={invite.isPending}>
            Send invitation
          </Button>
        </div>
      </form>
      <p className="muted" id="invite-role-what" data-testid="role-summary">
        {ROLE_LABELS[role]}: {roleSummary(role)}
      </p>
      <FormError message={message} />
    </Card>
  );
}
