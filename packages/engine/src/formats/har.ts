// HAR files (HTTP Archive 1.2): a JSON document of captured requests with
// headers and bodies, as browsers and proxies export it. Read whole: HAR
// files are captures, not streams.
import { set, setTarget } from "./fields";
import type { RawRecord, RejectReason } from "./record";
import { parseIsoTime } from "./time";

type NameValue = { name?: string; value?: string };
type HarEntry = {
  startedDateTime?: string;
  time?: number;
  serverIPAddress?: string;
  request?: {
    method?: string;
    url?: string;
    httpVersion?: string;
    headers?: NameValue[];
    cookies?: NameValue[];
    bodySize?: number;
    postData?: { text?: string };
  };
  response?: {
    status?: number;
    headers?: NameValue[];
    bodySize?: number;
    content?: { size?: number; text?: string; encoding?: string };
  };
};

export type HarResult =
  | { records: RawRecord[]; rejected: { index: number; reason: RejectReason }[] }
  | { error: string };

export function looksLikeHar(head: string): boolean {
  return /^\s*\{\s*"log"\s*:\s*\{/.test(head);
}

export function parseHar(text: string): HarResult {
  let doc: { log?: { entries?: HarEntry[] } };
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { error: `This HAR file is not valid JSON (${(error as Error).message}).` };
  }
  const entries = doc.log?.entries;
  if (!Array.isArray(entries)) return { error: "This HAR file has no log.entries array." };
  const records: RawRecord[] = [];
  const rejected: { index: number; reason: RejectReason }[] = [];
  entries.forEach((entry, index) => {
    const time = parseIsoTime(entry.startedDateTime ?? "");
    if (time === undefined) {
      rejected.push({ index, reason: "bad_timestamp" });
      return;
    }
    const req = entry.request;
    if (!req?.method || !req.url) {
      rejected.push({ index, reason: "bad_request_line" });
      return;
    }
    const record: RawRecord = { time, timeSecondsOnly: false, method: req.method };
    setTarget(record, req.url);
    if (req.httpVersion) record.protocol = req.httpVersion;
    for (const h of req.headers ?? []) if (h.name && h.value !== undefined) set.header(h.name)(record, h.value);
    for (const c of req.cookies ?? []) if (c.name && c.value !== undefined) (record.cookies ??= {})[c.name] = c.value;
    if (typeof req.bodySize === "number" && req.bodySize >= 0) record.requestBytes = req.bodySize;
    if (req.postData?.text) record.requestBody = req.postData.text;
    const res = entry.response;
    if (typeof res?.status === "number" && res.status > 0) record.status = res.status;
    const size = res?.content?.size ?? res?.bodySize;
    if (typeof size === "number" && size >= 0) record.responseBytes = size;
    const body = res?.content?.text;
    if (body)
      record.responseBody = res?.content?.encoding === "base64" ? Buffer.from(body, "base64").toString("utf8") : body;
    if (typeof entry.time === "number" && entry.time >= 0) record.latencyMs = entry.time;
    if (entry.serverIPAddress) record.upstream = entry.serverIPAddress.replace(/^\[|\]$/g, "");
    records.push(record);
  });
  return { records, rejected };
}
