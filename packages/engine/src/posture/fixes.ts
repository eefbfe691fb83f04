// How to fix a finding where the workspace's traffic passes: nginx, Apache,
// Kong, Envoy, AWS (ALB and CloudFront behind AWS WAF) or API Gateway. The
// families come from the formats of the workspace's uploads, so a team that
// runs Kong reads a Kong plugin, not an nginx directive.
import type { FormatId } from "../formats/registry";

export type FixFamily = "nginx" | "apache" | "kong" | "envoy" | "aws" | "aws-api-gateway";

export const FIX_FAMILY_LABEL: Record<FixFamily, string> = {
  nginx: "nginx",
  apache: "Apache",
  kong: "Kong",
  envoy: "Envoy",
  aws: "AWS (ALB, CloudFront, WAF)",
  "aws-api-gateway": "Amazon API Gateway",
};

/** The families a log format says the traffic passes through; none for generic JSON or HAR. */
export function familiesOf(format: FormatId): FixFamily[] {
  switch (format) {
    case "combined":
    case "common":
      return ["nginx", "apache"];
    case "nginx":
      return ["nginx"];
    case "apache":
      return ["apache"];
    case "kong":
      return ["kong"];
    case "envoy":
    case "envoy-legacy":
      return ["envoy"];
    case "aws-alb":
    case "aws-cloudfront":
      return ["aws"];
    case "aws-api-gateway":
      return ["aws-api-gateway"];
    default:
      return [];
  }
}

const AUTH: Partial<Record<FixFamily, string>> = {
  nginx:
    "Check credentials before proxying: `auth_request /auth;` to your identity service, or `auth_jwt` (NGINX Plus) in the location.",
  apache:
    "Require a credential in the <Location>: `AuthType` with `Require valid-user`, or mod_auth_openidc for OIDC/JWT.",
  kong: "Add an authentication plugin to the route or service: `key-auth`, `jwt` or `openid-connect`.",
  envoy: "Add the `jwt_authn` HTTP filter with a requirement for this route (or `ext_authz` to your auth service).",
  aws: "Add an `authenticate-oidc` (or `authenticate-cognito`) action before forwarding in the ALB listener rule.",
  "aws-api-gateway":
    "Set an authorizer (Cognito, JWT or Lambda) on the method; `authorizationType: NONE` leaves it open.",
};

const RATE: Partial<Record<FixFamily, string>> = {
  nginx:
    "`limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;` and `limit_req zone=api burst=20 nodelay; limit_req_status 429;` in the location.",
  apache: "mod_evasive or mod_qos (`QS_ClientEventLimitCount`) per address, answering 429.",
  kong: "Enable the `rate-limiting` plugin (per consumer or IP) on the route; `rate-limiting-advanced` for sliding windows.",
  envoy: "Add the `local_ratelimit` filter (or the global `ratelimit` service) on the route, with a 429 status.",
  aws: "Add an AWS WAF rate-based rule on the ALB or CloudFront distribution, scoped to this path.",
  "aws-api-gateway": "Set method throttling (rate and burst) in the stage, and usage plans per API key.",
};

const BLOCK_PATH: Partial<Record<FixFamily, string>> = {
  nginx: "`location ~ ^/(\\.git|\\.env|actuator) { return 404; }` (or `deny all;`) before the proxy location.",
  apache: '`<LocationMatch "^/(\\.git|\\.env|actuator)">Require all denied</LocationMatch>`.',
  kong: "Remove the path from the route's `paths`, or add a `request-termination` plugin (status 404) on a route for it.",
  envoy: "Add a route match for the path with `direct_response: { status: 404 }` ahead of the catch-all.",
  aws: "Add an ALB listener rule for the path with a fixed 404 response, or a WAF rule blocking it.",
  "aws-api-gateway": "Delete the resource or method from the stage.",
};

const RETIRE: Partial<Record<FixFamily, string>> = {
  nginx: "`location /v1/ { return 410; }` once callers have moved (log who still calls it first).",
  apache: "`Redirect gone /v1/` once callers have moved.",
  kong: "Disable the old route, or answer it with `request-termination` (status 410).",
  envoy: "Route the old prefix to `direct_response: { status: 410 }`.",
  aws: "An ALB listener rule for the old path with a fixed 410 response.",
  "aws-api-gateway": "Delete the old stage or resources once usage plans show no callers.",
};

const WAF: Partial<Record<FixFamily, string>> = {
  nginx: "Run ModSecurity with the OWASP Core Rule Set in front of the API (or in NGINX App Protect).",
  apache: "Enable mod_security2 with the OWASP Core Rule Set.",
  kong: "Validate requests with the `request-validator` plugin against the spec, and add a WAF plugin (e.g. Coraza).",
  envoy: "Add a WAF filter (Coraza proxy-wasm) with the OWASP Core Rule Set.",
  aws: "Attach AWS WAF managed rule groups: SQL database, Known bad inputs (Log4j) and Core rule set.",
  "aws-api-gateway":
    "Attach AWS WAF to the stage with the SQLi and Known bad inputs managed rule groups, and request validation.",
};

const NO_TRACE: Partial<Record<FixFamily, string>> = {
  nginx: "`if ($request_method !~ ^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$) { return 405; }` in the server.",
  apache: "`TraceEnable off` in the server configuration.",
  kong: "List only the methods the route serves in its `methods`.",
  envoy: "Match only the route's methods (`:method` header matcher) and answer the rest 405.",
};

const NO_SECRETS_IN_URL: Partial<Record<FixFamily, string>> = {
  nginx:
    "Refuse the parameter: `if ($arg_access_token) { return 400; }`, and log `$uri` plus safe parameters rather than `$request` meanwhile.",
  kong: "Configure `key-auth` with `key_in_query=false` (and `jwt` with `uri_param_names=[]`) so only headers are accepted.",
  aws: "A WAF rule blocking requests whose query string contains the parameter name.",
  "aws-api-gateway": "Accept the key only in the `x-api-key` header (`apiKeySource: HEADER`).",
};

const HTTPS_ONLY: Partial<Record<FixFamily, string>> = {
  nginx:
    '`server { listen 80; return 301 https://$host$request_uri; }` and `add_header Strict-Transport-Security "max-age=31536000" always;` on the TLS server.',
  apache:
    '`Redirect permanent / https://api.example.com/` in the port-80 VirtualHost, and `Header always set Strict-Transport-Security "max-age=31536000"`.',
  kong: 'Set the route\'s `protocols` to `["https"]` (and `https_redirect_status_code` 308).',
  envoy: "Set `require_tls: ALL` on the virtual host (or `https_redirect: true` on the port-80 listener's route).",
  aws: "Make the ALB's HTTP listener redirect to HTTPS (status 301), and set CloudFront's viewer protocol policy to redirect-to-https or https-only.",
  "aws-api-gateway":
    "API Gateway serves HTTPS only; the HTTP calls come from a custom domain or proxy in front of it: redirect there.",
};

const STRICT_JWT: Partial<Record<FixFamily, string>> = {
  nginx:
    "With NGINX Plus `auth_jwt`, set `auth_jwt_key_file` (keys fix the algorithms) and `auth_jwt_require $jwt_claim_exp;`; otherwise verify in the service.",
  kong: 'On the `jwt` plugin set `claims_to_verify=["exp"]` and `maximum_expiration` (seconds); its algorithms come from the consumer\'s credential, never none.',
  envoy:
    "In `jwt_authn` providers use `remote_jwks` or `local_jwks` (signatures always verified) and keep `max_lifetime` set on the provider.",
  aws: "Verify tokens with an `authenticate-oidc` action on the ALB, or in the service with the algorithm pinned.",
  "aws-api-gateway":
    "Use a JWT authorizer (HTTP APIs) or Cognito authorizer: both check signature and exp; set the issuer's token lifetime short.",
};

const MODERN_TLS: Partial<Record<FixFamily, string>> = {
  nginx: "`ssl_protocols TLSv1.2 TLSv1.3;` and `ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;` in the server.",
  apache: "`SSLProtocol -all +TLSv1.2 +TLSv1.3` and `SSLCipherSuite ECDHE+AESGCM:ECDHE+CHACHA20`.",
  kong: "`ssl_protocols = TLSv1.2 TLSv1.3` and `ssl_cipher_suite = modern` (or intermediate) in kong.conf.",
  envoy: "Set `tls_minimum_protocol_version: TLSv1_2` and AEAD `cipher_suites` in the listener's `tls_params`.",
  aws: "Give the ALB's HTTPS listener the `ELBSecurityPolicy-TLS13-1-2-2021-06` policy, and CloudFront the `TLSv1.2_2021` minimum protocol.",
  "aws-api-gateway": "Set the custom domain's security policy to `TLS_1_2`.",
};

const NO_BASIC: Partial<Record<FixFamily, string>> = {
  nginx: "Replace `auth_basic` with `auth_request` to a token service (or NGINX Plus `auth_jwt`).",
  apache: "Replace `AuthType Basic` with mod_auth_openidc (OIDC tokens) for the API's locations.",
  kong: "Replace the `basic-auth` plugin with `key-auth`, `jwt` or `openid-connect` on the route.",
  envoy: "Replace Basic checks (`basic_auth` filter or ext_authz) with `jwt_authn`.",
  aws: "Put an `authenticate-oidc` action on the ALB listener rule instead of Basic checks at the target.",
};

const GENERIC_ERRORS: Partial<Record<FixFamily, string>> = {
  nginx:
    "`proxy_intercept_errors on;` with `error_page 500 502 503 504 /50x.json;` and a `location = /50x.json { internal; }` holding a short body.",
  apache: "`ProxyErrorOverride On` with `ErrorDocument 500 /errors/500.json` in the proxied location.",
  "aws-api-gateway":
    "Map 5xx integration responses to a fixed body (an integration response with a mapping template), and keep the detail in CloudWatch.",
};

const NO_INTROSPECTION: Partial<Record<FixFamily, string>> = {
  nginx:
    '`if ($arg_query ~* "__schema|__type") { return 403; }` in the GraphQL location (GET queries; turn it off in the server for POST).',
  apache:
    "`RewriteCond %{QUERY_STRING} (__schema|__type) [NC]` with `RewriteRule ^ - [F]` in the GraphQL location (GET queries).",
  aws: "A WAF rule blocking requests whose query string or body contains `__schema`.",
};

const FIXES: Record<string, Partial<Record<FixFamily, string>>> = {
  "unauthenticated-sensitive-data": AUTH,
  "unauthenticated-admin": AUTH,
  "unauthenticated-write": AUTH,
  "no-rate-limit": RATE,
  "brute-force": RATE,
  "exposed-artefact": BLOCK_PATH,
  "non-production-host": BLOCK_PATH,
  "zombie-endpoint": RETIRE,
  "attack-payloads": WAF,
  "trace-enabled": NO_TRACE,
  "credentials-in-url": NO_SECRETS_IN_URL,
  "cleartext-http": HTTPS_ONLY,
  "weak-jwt": STRICT_JWT,
  "deprecated-tls": MODERN_TLS,
  "basic-auth": NO_BASIC,
  "verbose-errors": GENERIC_ERRORS,
  "graphql-introspection": NO_INTROSPECTION,
};

/** The fix of a check for each of these families that has one. */
export function fixesFor(
  check: string,
  families: Iterable<FixFamily>,
): { family: FixFamily; label: string; fix: string }[] {
  const known = FIXES[check] ?? {};
  return [...new Set(families)].flatMap((family) =>
    known[family] ? [{ family, label: FIX_FAMILY_LABEL[family], fix: known[family]! }] : [],
  );
}
