import { describe, expect, it } from "vitest";
import { sessionCookie } from "./session-cookie";

describe("session cookie", () => {
  it("is httpOnly and SameSite=Lax everywhere, and Secure only behind https", () => {
    expect(sessionCookie("http://localhost:3000")).toEqual({
      name: "lantern.session",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: false },
    });
    expect(sessionCookie("https://lantern.acme.com")).toEqual({
      name: "__Secure-lantern.session",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: true },
    });
  });
});
