import { describe, expect, it } from "vitest";
import { classifySegment, parameterName } from "./segments";

const kind = (s: string) => classifySegment(s);

describe("path segments", () => {
  it("recognises identifiers of every common shape", () => {
    const ids: [string, string][] = [
      ["8412", "number"],
      ["0", "number"],
      ["3f1b9c4e-2a7d-4c1e-9f0a-6b2d8e4c1a77", "uuid"],
      ["3f1b9c4e2a7d4c1e9f0a6b2d8e4c1a77", "uuid"],
      ["5f8d0d55b54764421b7156c3", "hex"],
      ["e3b0c44298fc1c149afbf4c8996fb924", "uuid"],
      ["2026-11-22", "date"],
      ["20261122", "number"],
      ["jane.doe@example.com", "email"],
      ["ch_3Kx9Lm2PqR7", "prefixed-id"],
      ["pk_live_9f8e7d6c5b4a", "prefixed-id"],
      ["INV-2026-000123", "prefixed-id"],
      ["ORD12345", "prefixed-id"],
      ["acct-7781", "prefixed-id"],
      // Letters only: a prefix, then letters no word is made of.
      ["po_zuygyqqfwfjz", "prefixed-id"],
      ["po_kxmwqzrtbvnc", "prefixed-id"],
      ["cus_qtrxwzplmnbk", "prefixed-id"],
      ["sub-hgfdsqwrtzxp", "prefixed-id"],
      ["dGhpcyBpcyBhIHRva2VuIDEyMw", "hash"],
      ["a7Bx9Q", "code"],
      ["3FZK22", "code"],
    ];
    for (const [segment, expected] of ids)
      expect({ segment, ...kind(segment) }).toMatchObject({ segment, kind: expected, variable: true });
  });

  it("keeps words, versions and technical names literal", () => {
    for (const segment of [
      "orders",
      "summary",
      "v1",
      "v2beta1",
      "V3",
      "oauth2",
      "sha256",
      "base64",
      "ipv6",
      "get_users",
      "user_profile",
      "user_preferences",
      "oauth_authorizations",
      "api_documentation",
      "org_memberships",
      "po_attachments",
      "me",
      "health",
      "utf-8",
      "k8s",
      "avatar.png",
      "openapi.json",
    ]) {
      expect({ segment, variable: kind(segment).variable }).toEqual({ segment, variable: false });
    }
  });

  it("names parameters as a person would", () => {
    expect(parameterName("orders", "number")).toBe("orderId");
    expect(parameterName("accounts", "uuid")).toBe("accountId");
    expect(parameterName("categories", "number")).toBe("categoryId");
    expect(parameterName("addresses", "number")).toBe("addressId");
    expect(parameterName("payment-methods", "prefixed-id")).toBe("paymentMethodId");
    expect(parameterName("line_items", "number")).toBe("lineItemId");
    expect(parameterName("status", "number")).toBe("statusId");
    expect(parameterName("statuses", "number")).toBe("statusId");
    expect(parameterName("people", "word")).toBe("personId");
    expect(parameterName("analyses", "uuid")).toBe("analysisId");
    expect(parameterName(null, "number")).toBe("id");
    expect(parameterName("v1", "number")).toBe("id");
    expect(parameterName("users", "email")).toBe("email");
    expect(parameterName("reports", "date")).toBe("date");
  });
});
