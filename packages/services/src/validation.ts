// Input schemas shared by every way in (tRPC, REST, CLI), with messages a person can act on.
import { z } from "zod";
import { visibleText } from "@lantern/engine/normalize/visible-text";
import { ROLES } from "./permissions";

export const PASSWORD_MIN_LENGTH = 10;

export const ZEmail = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long")
  .pipe(z.email({ error: "Enter a valid email address, like name@company.com" }));

export const ZPassword = z
  .string({ error: "Enter a password" })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters for your password`)
  .max(200, "Use at most 200 characters for your password");

export const ZChangePassword = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200),
  newPassword: ZPassword,
});

export const ZPersonName = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(100, "Use at most 100 characters for a name");

export const ZWorkspaceName = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters for the workspace name")
  .max(60, "Use at most 60 characters for the workspace name");

export const ZRole = z.enum(ROLES, { error: `Choose a role: ${ROLES.join(", ")}` });

/** ingest: send logs; read: the REST API's reads; blocklist: only the block and rate-limit feeds (for gateways). */
export const TOKEN_SCOPES = ["ingest", "read", "blocklist"] as const;
export const ZTokenScope = z.enum(TOKEN_SCOPES, { error: `Scopes are ${TOKEN_SCOPES.join(", ")}` });

export const ZSignUp = z.object({
  name: ZPersonName,
  email: ZEmail,
  password: ZPassword,
  workspaceName: ZWorkspaceName,
});

/** True when any string in `value` (deeply) holds NUL, which no input may: Postgres refuses it in text. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object")
    return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v));
  return false;
}

/**
 * A search box's text as a Prisma `contains` operand: LIKE's wildcards (%, _)
 * and its escape (\\) match themselves, not everything; control characters
 * are written as stored events show them (NUL → ␀), so "passwd\0" finds the probe.
 */
export function containsText(search: string): string {
  return visibleText(search).replace(/[\\%_]/g, (c) => `\\${c}`);
}
