import { openSealedSecret } from "@lantern/services/crypto";
import type { JobPayload } from "@lantern/jobs/catalog";
import type { WorkerDeps } from "./deps";

/**
 * Mails a password reset link. Idempotent: a link already mailed, used or
 * expired is skipped, so a retried job sends nothing twice. Password resets
 * belong to a person, not a workspace: read outside tenant scope.
 */
export async function mailPasswordReset(deps: WorkerDeps, payload: JobPayload<"mail.password-reset">): Promise<string> {
  if (!deps.mailer) throw new Error("SMTP_URL is not configured on the worker");
  const reset = await deps.db.app.passwordReset.findUnique({
    where: { id: payload.resetId },
    select: { mailedAt: true, usedAt: true, expiresAt: true, user: { select: { email: true } } },
  });
  if (!reset) return "skipped: reset not found";
  if (reset.mailedAt || reset.usedAt || reset.expiresAt <= new Date()) return "skipped: no longer needs mailing";
  const link = openSealedSecret(payload.sealedLink, deps.secret);
  await deps.mailer.sendMail({
    from: deps.mailFrom,
    to: reset.user.email,
    subject: "Reset your Lantern password",
    text: [
      "Someone (hopefully you) asked to reset the password of your Lantern account.",
      "",
      `Set a new password: ${link}`,
      "",
      `The link works once and expires on ${reset.expiresAt.toUTCString()}. Setting a new password signs you out everywhere.`,
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ].join("\n"),
  });
  await deps.db.app.passwordReset.update({ where: { id: payload.resetId }, data: { mailedAt: new Date() } });
  return "mailed a password reset link";
}
