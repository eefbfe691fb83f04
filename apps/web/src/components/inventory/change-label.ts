/** One line of the API changes feed, in words. */
export function changeText(kind: string, detail: { method?: string; host?: string; template?: string; parameter?: string }): string {
  const endpoint = `${detail.method ?? ""} ${detail.host ?? ""}${detail.template ?? ""}`.trim();
  switch (kind) {
    case "NEW_SERVICE":
      return `New service ${detail.host}`;
    case "NEW_ENDPOINT":
      return `New endpoint ${endpoint}`;
    case "NEW_PARAMETER":
      return `New parameter “${detail.parameter}” on ${endpoint}`;
    case "NEWLY_UNAUTHENTICATED":
      return `${endpoint} answered 2xx without credentials`;
    default:
      return `${kind.toLowerCase().replace(/_/g, " ")} ${endpoint}`;
  }
}
