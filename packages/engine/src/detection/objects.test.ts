import { describe, expect, it } from "vitest";
import { objectName, objectsOf, storedObjectName } from "./objects";

describe("business objects", () => {
  it("reads a path's values at the template's variables and names them as one object", () => {
    const objects = objectsOf("/v1/shops/{shopId}/orders/{orderId}", "/v1/shops/acme/orders/100007?expand=items");
    expect(objects).toEqual([
      { name: "shopId", value: "acme" },
      { name: "orderId", value: "100007" },
    ]);
    expect(objectName(objects)).toBe("acme/100007");
    expect(objectName(objectsOf("/v1/accounts/{accountId}", "/v1/accounts/42"))).toBe("42");
    expect(objectsOf("/v1/health", "/v1/health")).toEqual([]);
  });

  it("stores an email by its shape only and an attacker's long value cut short; ids as they are", () => {
    expect(storedObjectName("alice.smith@example.com")).toBe("a***@example.com");
    expect(storedObjectName("acme/bob@shop.example")).toBe("acme/b***@shop.example");
    expect(storedObjectName("100007")).toBe("100007");
    // Not an email: an @ inside an id is kept.
    expect(storedObjectName("v@1")).toBe("v@1");
    expect(storedObjectName("A".repeat(5000))).toHaveLength(128);
  });
});
