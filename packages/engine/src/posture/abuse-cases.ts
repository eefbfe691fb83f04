// What an attacker could do with an endpoint, read from its shape (method,
// path, variables, data, callers), which detectors watch for each case, and
// whether the logs carry what those detectors need. Posture says what is
// weak; this says what to watch, and where the logs leave a blind spot.
import type { DetectorId } from "../detection/types";
import { ADMIN_ROUTE, isSignIn } from "../route-words";
import type { EndpointFacts } from "./types";

export type LogNeed = "caller identity" | "response size";

export type AbuseCase = {
  id:
    | "object-enumeration"
    | "account-takeover"
    | "harvesting"
    | "function-level-abuse"
    | "business-logic-reversal"
    | "stolen-credential"
    | "injection";
  title: string;
  /** Why it applies to this endpoint, from its shape. */
  why: string;
  watchedBy: DetectorId[];
  /** What the detectors need from the logs. */
  needs: LogNeed[];
  /** Of those, what this endpoint's logs have never carried: the case is not watched until they do. */
  missing: LogNeed[];
};

const REVERSIBLE =
  /(^|\/)(payments?|orders?|transfers?|bookings?|reservations?|subscriptions?|refunds?|coupons?|vouchers?)(\/|$)/i;

/** The abuse cases that apply to an endpoint, with their watchers and the log fields they lack. */
export function abuseCasesOf(e: EndpointFacts): AbuseCase[] {
  const logs = {
    "caller identity": e.stats.withCredentials > 0,
    "response size": e.stats.responseBytes.some((n) => n > 0),
  } satisfies Record<LogNeed, boolean>;
  const make = (c: Omit<AbuseCase, "missing">): AbuseCase => ({ ...c, missing: c.needs.filter((n) => !logs[n]) });
  const cases: AbuseCase[] = [];
  const ids = e.variables.filter((v) => v.kind === "number" || v.kind === "uuid" || v.kind === "hex");
  const read = e.method === "GET";

  if (ids.length > 0 && read) {
    cases.push(
      make({
        id: "object-enumeration",
        title: "Walking other people's objects",
        why: `It names objects by ${ids.map((v) => `{${v.name}}`).join(", ")}: a caller can try ids that are not theirs.`,
        watchedBy: ["object-enumeration", "entity-targeting"],
        needs: ["caller identity"],
      }),
    );
  }
  if (isSignIn(e)) {
    cases.push(
      make({
        id: "account-takeover",
        title: "Credential stuffing and account takeover",
        why: "It signs people in: leaked passwords can be tried here in bulk, and a taken-over account used from elsewhere.",
        watchedBy: ["credential-stuffing", "impossible-travel", "new-geography", "new-client"],
        needs: [],
      }),
    );
  }
  if (read && ids.length === 0) {
    cases.push(
      make({
        id: "harvesting",
        title: "Scraping and data harvesting",
        why: "It lists a collection: a caller can page through all of it, or ask for far more than an app needs.",
        watchedBy: ["excessive-data", "volume"],
        needs: ["caller identity", "response size"],
      }),
    );
  }
  if (ADMIN_ROUTE.test(e.template)) {
    cases.push(
      make({
        id: "function-level-abuse",
        title: "Ordinary callers reaching administrative functions",
        why: "It is an administrative route: a caller whose peers never use it is probing for missing role checks.",
        watchedBy: ["function-level"],
        needs: ["caller identity"],
      }),
    );
  }
  if ((e.method === "POST" || e.method === "DELETE") && REVERSIBLE.test(e.template)) {
    cases.push(
      make({
        id: "business-logic-reversal",
        title: "Creating and reversing for gain",
        why: "It creates or cancels something of value: looping the two can farm rewards or test stolen cards.",
        watchedBy: ["business-logic", "sequence"],
        needs: ["caller identity"],
      }),
    );
  }
  if (e.stats.withCredentials > 0) {
    cases.push(
      make({
        id: "stolen-credential",
        title: "A stolen or leaked credential",
        why: "Its callers present keys or tokens: a stolen one looks like its owner except for where, how and how much.",
        watchedBy: ["impossible-travel", "new-geography", "new-client", "refusals", "volume"],
        needs: ["caller identity"],
      }),
    );
  }
  const params = Object.keys(e.stats.query);
  if (params.length > 0) {
    cases.push(
      make({
        id: "injection",
        title: "Injecting code through its parameters",
        why: `It takes query parameters (${params.slice(0, 5).join(", ")}${params.length > 5 ? "…" : ""}): SQL, script or command payloads sent there reach its code.`,
        watchedBy: ["injection", "scanning"],
        needs: [],
      }),
    );
  }
  return cases;
}
