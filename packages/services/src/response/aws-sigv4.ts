// AWS Signature Version 4 for the few JSON calls Lantern makes to AWS WAF
// (no SDK: two calls do not justify one). The canonical request, the string
// to sign and the derived key as AWS documents them; the tests check the
// result against the aws4 package's own implementation.
import { createHash, createHmac } from "node:crypto";

export type AwsCredentials = { accessKeyId: string; secretAccessKey: string };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: Buffer | string, text: string) => createHmac("sha256", key).update(text).digest();

/** Headers to send with a POST of `body` to `url`: the given ones plus X-Amz-Date and Authorization. */
export function signAwsPost(
  url: URL,
  body: string,
  headers: Record<string, string>,
  scope: { region: string; service: string },
  credentials: AwsCredentials,
  now = new Date(),
): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const all: Record<string, string> = { ...lowerKeys(headers), host: url.host, "x-amz-date": amzDate };
  const names = Object.keys(all).sort();
  const canonicalRequest = [
    "POST",
    url.pathname || "/",
    "",
    ...names.map((n) => `${n}:${all[n]!.trim().replace(/\s+/g, " ")}`),
    "",
    names.join(";"),
    sha256(body),
  ].join("\n");
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, credentialScope, sha256(canonicalRequest)].join("\n");
  const key = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), scope.region), scope.service),
    "aws4_request",
  );
  const signature = createHmac("sha256", key).update(toSign).digest("hex");
  return {
    ...headers,
    "x-amz-date": amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}

const lowerKeys = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
