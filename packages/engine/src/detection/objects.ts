// Business objects: the concrete values a request's path holds where its
// template has variables (/v1/accounts/100007 under /v1/accounts/{accountId}
// touches account 100007).

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
