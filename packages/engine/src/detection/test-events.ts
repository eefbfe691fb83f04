// Detection events for tests: each gets the next line number, a GET of its
// template with a 200 and 1,000 bytes unless told otherwise.
import { objectsOf } from "./objects";
import { endpointLabel, type DetectionEvent } from "./types";

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2026, 10, 16);
let line = 0;

export function ev(
  at: number,
  e: Partial<Omit<DetectionEvent, "endpoint">> & Pick<DetectionEvent, "template">,
  path?: string,
): DetectionEvent {
  const event = {
    ref: { uploadId: "u", line: ++line },
    ts: at,
    actor: null,
    clientIp: null,
    country: null,
    agent: null,
    method: "GET",
    host: "api.example",
    path: path ?? e.template,
    objects: path ? objectsOf(e.template, path) : [],
    entities: [],
    status: 200,
    responseBytes: 1_000,
    query: [],
    ...e,
  };
  return { ...event, endpoint: endpointLabel(event) };
}
