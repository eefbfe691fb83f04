import { describe, expect, it } from "vitest";
import { generateSecret, hashPassword, hashSecret, openSealedSecret, sealSecret, verifyPassword } from "./crypto";

describe("passwords", () => {
  it("hashes with scrypt and a fresh salt, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("anything", "bcrypt$garbage")).toBe(false);
  });
});

describe("secrets", () => {
  it("are 256-bit random with a readable prefix, and hash to a stable hex digest", () => {
    const s = generateSecret("lt");
    expect(s).toMatch(/^lt_[\w-]{43}$/);
    expect(generateSecret("lt")).not.toBe(s);
    expect(hashSecret(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(s)).toBe(hashSecret(s));
  });

  it("sealed for the queue, open only with the same server secret and untampered", () => {
    const sealed = sealSecret("https://x/invite/inv_abc", "server-secret-one");
    expect(sealed).not.toContain("inv_abc");
    expect(openSealedSecret(sealed, "server-secret-one")).toBe("https://x/invite/inv_abc");
    expect(() => openSealedSecret(sealed, "server-secret-two")).toThrow();
    const [v, iv, body, tag] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0]! ^= 1;
    expect(() =>
      openSealedSecret([v, iv, flipped.toString("base64url"), tag].join("."), "server-secret-one"),
    ).toThrow();
  });
});
