import type { RequestMeta } from "@lantern/services/context";
import { clientIpFromForwardedFor } from "@lantern/services/client-ip";
import { env } from "../env";

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === "function")
    return (headers as { get(n: string): string | null }).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

/** The caller's address and agent, for the audit log and rate limits. */
export function requestMeta(headers: HeaderSource): RequestMeta {
  return {
    ip: clientIpFromForwardedFor(header(headers, "x-forwarded-for"), env().TRUST_PROXY_HOPS),
    userAgent: header(headers, "user-agent"),
  };
}
