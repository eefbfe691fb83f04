// Amazon CloudFront standard logs: tab-separated, columns named by the
// file's "#Fields:" header (the documented default order when it is absent),
// several values URL-encoded.
import { setTarget } from "./fields";
import { reject, SKIP, type LineParser, type RawRecord } from "./record";

export const CLOUDFRONT_DEFAULT_FIELDS =
  "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end".split(
    " ",
  );

const decode = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

export function createCloudFrontParser(): LineParser {
  let columns = new Map(CLOUDFRONT_DEFAULT_FIELDS.map((name, i) => [name, i]));
  return {
    parseLine(line) {
      if (line.startsWith("#")) {
        if (line.startsWith("#Fields:"))
          columns = new Map(
            line
              .slice(8)
              .trim()
              .split(/\s+/)
              .map((name, i) => [name, i]),
          );
        return SKIP;
      }
      if (!line.trim()) return SKIP;
      const values = line.split("\t");
      if (values.length < 10) return reject("format_mismatch");
      const get = (name: string) => {
        const i = columns.get(name);
        const v = i === undefined ? undefined : values[i];
        return v === undefined || v === "-" || v === "" ? undefined : v;
      };
      const date = get("date");
      const time = get("time");
      if (!date || !time || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}:\d{2}$/.test(time))
        return reject("bad_timestamp");
      const record: RawRecord = { time: Date.parse(`${date}T${time}Z`), timeSecondsOnly: true };
      if (!Number.isFinite(record.time)) return reject("bad_timestamp");
      record.method = get("cs-method");
      setTarget(record, get("cs-uri-stem") ?? "/");
      const query = get("cs-uri-query");
      if (query) record.query = query;
      const status = Number(get("sc-status"));
      if (!Number.isInteger(status)) return reject("format_mismatch");
      record.status = status;
      record.peerIp = get("c-ip");
      const xff = get("x-forwarded-for");
      if (xff) record.forwardedFor = decode(xff);
      // x-host-header is the Host the viewer sent; cs(Host) is the distribution's own domain.
      record.host = get("x-host-header") ?? get("cs(Host)");
      record.scheme = get("cs-protocol")?.replace(/^ws/, "http");
      record.protocol = get("cs-protocol-version");
      const tls = get("ssl-protocol");
      if (tls) record.tls = get("ssl-cipher") ? `${tls} ${get("ssl-cipher")}` : tls;
      const ua = get("cs(User-Agent)");
      if (ua) record.userAgent = decode(ua);
      const referer = get("cs(Referer)");
      if (referer) record.referer = decode(referer);
      const cookie = get("cs(Cookie)");
      if (cookie) record.headers = { cookie: decode(cookie) };
      const bytes = (name: string) => (get(name) === undefined ? undefined : Number(get(name)));
      record.responseBytes = bytes("sc-bytes");
      record.requestBytes = bytes("cs-bytes");
      const taken = Number(get("time-taken"));
      if (Number.isFinite(taken)) record.latencyMs = Math.round(taken * 1e6) / 1000;
      record.requestId = get("x-edge-request-id");
      record.service = get("cs(Host)");
      for (const key of Object.keys(record) as (keyof RawRecord)[]) if (record[key] === undefined) delete record[key];
      return { ok: true, record };
    },
  };
}
