import { withTenant } from "@lantern/db/client";
import { openSealedSecret } from "@lantern/services/crypto";
import { ROLE_LABELS } from "@lantern/services/permissions";
import type { JobPayload } from "@lantern/jobs/catalog";
import type { WorkerDeps } from "./deps";

/**
 * Mails an invitation link. Idempotent: an invitation already mailed,
 * accepted or revoked is skipped, so a retried job sends nothing twice.
 */
export async function mailInvitation(deps: WorkerDeps, payload: JobPayload<"mail.invitation">): Promise<string> {
  if (!deps.mailer) throw new Error("SMTP_URL is not configured on the worker");
  const inv = await withTenant(deps.db, payload.tenantId, (tx) =>
    tx.invitation.findFirst({
      where: { id: payload.invitationId, tenantId: payload.tenantId },
      select: {
        email: true,
        role: true,
        mailedAt: true,
        acceptedAt: true,
        revokedAt: true,
        expiresAt: true,
        tenant: { select: { name: true } },
      },
    }),
  );
  if (!inv) return "skipped: invitation not found";
  if (inv.mailedAt || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date())
    return "skipped: no longer needs mailing";
  const link = openSealedSecret(payload.sealedLink, deps.secret);
  await deps.mailer.sendMail({
    from: deps.mailFrom,
    to: inv.email,
    subject: `You are invited to ${inv.tenant.name} on Lantern`,
    text: [
      `You have been invited to join the ${inv.tenant.name} workspace on Lantern as ${ROLE_LABELS[inv.role]}.`,
      "",
      `Accept the invitation: ${link}`,
      "",
      `The link works once and expires on ${inv.expiresAt.toUTCString()}.`,
      "If you did not expect this, ignore this mail.",
    ].join("\n"),
  });
  await withTenant(deps.db, payload.tenantId, (tx) =>
    tx.invitation.update({ where: { id: payload.invitationId }, data: { mailedAt: new Date() } }),
  );
  return `mailed ${inv.email}`;
}
