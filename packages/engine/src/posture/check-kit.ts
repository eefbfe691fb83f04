// What every posture check shares: its signature, and how figures and
// endpoints are put in words.
import type { summarise } from "../discovery/endpoint-stats";
import { SENSITIVE_LABEL, type SensitiveType } from "../normalize/sensitive-types";
import type { EndpointFacts, PostureFinding } from "./types";

export type Summary = ReturnType<typeof summarise>;
export type Check = (e: EndpointFacts, s: Summary) => PostureFinding | null;

export const PUBLIC = (s: Summary) => s.direction === "north-south";
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const count = (n: number) => n.toLocaleString("en");
export const label = (e: EndpointFacts) => `${e.method} ${e.template}`;
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** A label inside a sentence: lower case, except acronyms ("IBANs", "JWTs", "API keys" stay as they are). */
const inSentence = (label: string) =>
  label
    .split(" ")
    .map((word) => (/[A-Z].*[A-Z]/.test(word) ? word : word.toLowerCase()))
    .join(" ");
export const dataList = (types: SensitiveType[]) => types.map((t) => inSentence(SENSITIVE_LABEL[t])).join(", ");
