// Password hashing, opaque secret tokens, and sealing secrets for the queue.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from "node:crypto";

// scrypt is memory-hard: N=2^15, r=8 uses 32 MiB per hash, about 60 ms here.
const SCRYPT = { logN: 15, r: 8, p: 1, keyLength: 32 };

function scryptAsync(
  password: string,
  salt: Buffer,
  logN: number,
  r: number,
  p: number,
  keyLength: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize("NFKC"),
      salt,
      keyLength,
      { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/** `scrypt$logN$r$p$salt$hash`, so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.logN, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ["scrypt", SCRYPT.logN, SCRYPT.r, SCRYPT.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptAsync(
    password,
    Buffer.from(salt, "base64url"),
    Number(logN),
    Number(r),
    Number(p),
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

// Verifying against this keeps "no such user" as slow as "wrong password".
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("lantern-timing-equaliser");
  await verifyPassword(password, await dummyHash);
}

/** A new high-entropy secret like `lt_…`; only its hash is stored. */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** Secrets are 256-bit random, so a fast hash is enough (no dictionary to defend against). */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** What a sealed secret is for: each purpose has its own key, so one kind of sealed text never opens as another. */
export type SealPurpose = "queue-payload-sealing" | "connector-secrets";

function sealingKey(serverSecret: string, purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", serverSecret, "lantern", purpose, 32));
}

/**
 * Encrypts a secret (an invitation link) for a job payload, so Redis never
 * holds it in clear. Only processes holding LANTERN_SECRET can open it.
 */
export function sealSecret(
  plain: string,
  serverSecret: string,
  purpose: SealPurpose = "queue-payload-sealing",
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(serverSecret, purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(
    ".",
  );
}

export function openSealedSecret(
  sealed: string,
  serverSecret: string,
  purpose: SealPurpose = "queue-payload-sealing",
): string {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !body || !tag) throw new Error("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(serverSecret, purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
