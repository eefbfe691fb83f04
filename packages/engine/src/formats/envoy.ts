// Envoy access-log format strings (%COMMAND% and %COMMAND(ARG)%), with the
// two default formats Envoy has shipped.
import { set, type Setter } from "./fields";
import type { RawRecord } from "./record";
import { compileTemplate, type CompiledTemplate, type Segment } from "./template";

export const ENVOY_DEFAULT_LEGACY =
  `[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ` +
  `%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" ` +
  `"%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"`;

export const ENVOY_DEFAULT =
  `[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ` +
  `%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% ` +
  `%BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" ` +
  `"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS% ` +
  `%DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%`;

const COMMANDS: Record<string, Setter> = {
  START_TIME: set.isoTime,
  PROTOCOL: set.protocol,
  RESPONSE_CODE: set.status,
  BYTES_RECEIVED: set.requestBytes,
  BYTES_SENT: set.responseBytes,
  DURATION: set.latencyMillis,
  UPSTREAM_HOST: set.upstream,
  UPSTREAM_CLUSTER: set.service,
  DOWNSTREAM_REMOTE_ADDRESS: set.peer,
  DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT: set.peer,
  DOWNSTREAM_DIRECT_REMOTE_ADDRESS: set.peer,
};

const setPathHeader: Setter = (r: RawRecord, v: string) => set.target(r, v);

function commandSetter(command: string, arg: string | undefined): Setter {
  if (command === "REQ" && arg) {
    const header = arg.split("?")[0]!.toLowerCase();
    if (header === ":method") return set.method;
    if (header === ":path" || header === "x-envoy-original-path") return setPathHeader;
    if (header === ":authority") return set.host;
    if (header === ":scheme") return set.scheme;
    return set.header(header);
  }
  if (command === "RESP" && arg?.toUpperCase() === "X-ENVOY-UPSTREAM-SERVICE-TIME") return set.upstreamLatencyMillis;
  return COMMANDS[command] ?? set.ignore;
}

export function compileEnvoyFormat(format: string): CompiledTemplate {
  const segments: Segment[] = [];
  const re = /%([A-Z_]+)(?:\(([^)]*)\))?(?::\d+)?%/g;
  let last = 0;
  for (const m of format.replace(/\\n$|\n$/, "").matchAll(re)) {
    segments.push({ literal: format.slice(last, m.index) });
    segments.push({ field: m[0], setter: commandSetter(m[1]!, m[2]) });
    last = m.index! + m[0].length;
  }
  segments.push({ literal: format.slice(last).replace(/\\n$|\n$/, "") });
  return compileTemplate(segments);
}
