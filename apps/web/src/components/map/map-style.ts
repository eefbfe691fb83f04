// How the API map marks things, in one place: the map draws with these and
// the legend lists these, so the two cannot say different things.

/** Client groups by kind: the colour of their box's edge and of their lines. */
export const CLIENT_KINDS = [
  { kind: "partner", colour: "#c18cf0", label: "partners" },
  { kind: "users", colour: "#5b8def", label: "users" },
  { kind: "anonymous", colour: "#97a3bd", label: "anonymous" },
  { kind: "internal", colour: "#3ecf8e", label: "internal (east-west, dashed)" },
] as const;
export const kindColour = (kind: string) => CLIENT_KINDS.find((k) => k.kind === kind)?.colour ?? "#97a3bd";
export const kindLabel = (kind: string) => CLIENT_KINDS.find((k) => k.kind === kind)?.label.split(" ")[0] ?? kind;

/** Endpoints by what needs a look first: the colour of their edge (and their fill when zoomed out). */
export const ENDPOINT_TONES = [
  { tone: "risky", colour: "#ef5a5a", label: "open alerts, or unauthenticated with sensitive data" },
  { tone: "exposed", colour: "#f5b83d", label: "unauthenticated, or carrying sensitive data" },
  { tone: "plain", colour: "#5b8def", label: "neither" },
] as const;
export type EndpointTone = (typeof ENDPOINT_TONES)[number]["tone"];

export function endpointTone(e: { alerts: number; unauthenticated: boolean; sensitiveTypes: string[] }): EndpointTone {
  if (e.alerts > 0 || (e.unauthenticated && e.sensitiveTypes.length > 0)) return "risky";
  if (e.unauthenticated || e.sensitiveTypes.length > 0) return "exposed";
  return "plain";
}
export const toneColour = (tone: EndpointTone) => ENDPOINT_TONES.find((t) => t.tone === tone)!.colour;

/** Line width by traffic, on a square-root scale: 1.5 px for a trickle, 14 px for the busiest line. */
export const lineWidth = (calls: number, max: number) => 1.5 + 12.5 * Math.sqrt(calls / Math.max(1, max));

/** Past this many endpoints the map opens as an overview: services folded, opened one at a time. */
export const OVERVIEW_AT = 150;
