import {
  PLACE_LABEL,
  SENSITIVE_LABEL,
  type SensitivePlace,
  type SensitiveType,
} from "@lantern/engine/normalize/sensitive-types";

/** One line of the API changes feed, in words. */
export function changeText(
  kind: string,
  detail: {
    method?: string;
    host?: string;
    template?: string;
    parameter?: string;
    dataType?: string;
    where?: string;
    newer?: string;
    lastSeen?: string;
    title?: string;
    severity?: string;
  },
): string {
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
    case "NEW_SENSITIVE_DATA":
      return `${endpoint} started carrying ${(SENSITIVE_LABEL[detail.dataType as SensitiveType] ?? detail.dataType ?? "sensitive data").toLowerCase()} in the ${(
        detail.where ?? ""
      )
        .split(", ")
        .map((w) => PLACE_LABEL[w as SensitivePlace] ?? w)
        .join(", ")}`;
    case "OLD_VERSION_CALLED":
      return `${endpoint} still called though ${detail.newer ?? "a newer version"} exists`;
    case "FINDING_OPENED":
      return `New ${detail.severity ?? ""} finding on ${endpoint}: ${detail.title ?? ""}`;
    case "FINDING_RESOLVED":
      return `Resolved on ${endpoint}: ${detail.title ?? ""}`;
    case "GONE_QUIET":
      return `${endpoint} has gone quiet (last call ${detail.lastSeen?.slice(0, 10) ?? "?"})`;
    default:
      return `${kind.toLowerCase().replace(/_/g, " ")} ${endpoint}`;
  }
}
