// AWS Application Load Balancer access logs: space-separated fields in a
// fixed order (AWS ELB user guide, "Access log entries"); newer fields are
// appended at the end, so only the first 17 are required.
import { set, setTarget, stripPort } from "./fields";
import { reject, SKIP, type LineParser, type RawRecord } from "./record";
import { parseIsoTime } from "./time";
import { splitQuoted } from "./tokenize";

const TYPES = new Set(["http", "https", "h2", "grpcs", "ws", "wss"]);

export function createAlbParser(): LineParser {
  return {
    parseLine(line) {
      if (!line.trim()) return SKIP;
      const f = splitQuoted(line);
      if (f.length < 17 || !TYPES.has(f[0]!)) return reject("format_mismatch");
      const record: RawRecord = {};
      // request_creation_time (field 21) is when the request arrived; `time` (1) is when the response left.
      const time = parseIsoTime(f[21] ?? "") ?? parseIsoTime(f[1]!);
      if (time === undefined) return reject("bad_timestamp");
      record.time = time;
      record.timeSecondsOnly = false;
      record.peerIp = stripPort(f[3]!);
      if (f[4] !== "-") record.upstream = f[4];
      const timings = [f[5], f[6], f[7]].map(Number);
      if (timings.every((t) => Number.isFinite(t) && t >= 0))
        record.latencyMs = Math.round(timings.reduce((a, b) => a + b, 0) * 1e6) / 1000;
      if (Number.isFinite(timings[1]) && timings[1]! >= 0)
        record.upstreamLatencyMs = Math.round(timings[1]! * 1e6) / 1000;
      const status = Number(f[8]);
      if (!Number.isInteger(status)) return reject("format_mismatch");
      record.status = status;
      record.requestBytes = Number(f[10]) || 0;
      record.responseBytes = Number(f[11]) || 0;
      const request = f[12]!;
      const [method, target, protocol] = request.split(" ");
      if (!method || !target || method === "-") return reject("bad_request_line");
      record.method = method;
      record.protocol = protocol;
      setTarget(record, target);
      // The ALB writes the port into the URL; the API's host is the name alone.
      if (record.host) record.host = record.host.replace(/:(80|443)$/, "");
      if (f[0] === "https" || f[0] === "h2" || f[0] === "wss" || f[0] === "grpcs") record.scheme = "https";
      // ssl_cipher and ssl_protocol: "-" on cleartext listeners.
      if (f[15] && f[15] !== "-") record.tls = f[14] && f[14] !== "-" ? `${f[15]} ${f[14]}` : f[15];
      set.userAgent(record, f[13]!);
      const targetGroup = /:targetgroup\/([^/]+)\//.exec(f[16] ?? "");
      if (targetGroup) record.service = targetGroup[1];
      if (f[17] && f[17] !== "-") record.requestId = f[17];
      return { ok: true, record };
    },
  };
}
