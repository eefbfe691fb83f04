// Business objects: the concrete values a request's path holds where its
// template has variables (/v1/accounts/100007 under /v1/accounts/{accountId}
// touches account 100007), and how they are named when judged and stored.
import { maskSensitive } from "../normalize/sensitive";

export function objectsOf(template: string, path: string): { name: string; value: string }[] {
  if (!template.includes("{")) return [];
  const t = template.split("/");
  const p = path.split("?")[0]!.split("/");
  const out: { name: string; value: string }[] = [];
  for (let i = 0; i < t.length && i < p.length; i++) {
    const seg = t[i]!;
    if (seg.length > 2 && seg.startsWith("{") && seg.endsWith("}")) out.push({ name: seg.slice(1, -1), value: p[i]! });
  }
  return out;
}

/** How the detectors name the object a request touches: its path values joined ("100007", "acme/100007"). */
export const objectName = (objects: readonly { value: string }[]): string =>
  objects.length === 1 ? objects[0]!.value : objects.map((o) => o.value).join("/");

const EMAIL = /^[^@/\s]+@[^@/\s]+\.[^@/\s]+$/;
/** Stored names are cut here: an object is an id, and a path value can be as long as an attacker likes. */
const MAX_STORED = 128;

/**
 * How an object's name is stored (actor_objects) and looked up there: an email kept by its shape only
 * (a***@example.com), at most 128 characters. Path values hold no "/", so the name splits back into them.
 */
export function storedObjectName(name: string): string {
  const masked = name.includes("@")
    ? name
        .split("/")
        .map((v) => (EMAIL.test(v) ? maskSensitive("email", v) : v))
        .join("/")
    : name;
  return masked.slice(0, MAX_STORED);
}
