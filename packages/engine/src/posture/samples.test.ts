import { describe, expect, it } from "vitest";
import { redactTarget, templatePattern } from "./samples";

describe("finding samples", () => {
  it("matches a template's paths and nothing else", () => {
    const re = new RegExp(templatePattern("/v1/accounts/{accountId}/transactions.json"));
    expect(re.test("/v1/accounts/42/transactions.json")).toBe(true);
    expect(re.test("/v1/accounts/42/transactionsxjson")).toBe(false);
    expect(re.test("/v1/accounts/42/7/transactions.json")).toBe(false);
  });

  it("masks personal data in the path and the query, keeping the shape", () => {
    const shown = redactTarget("/partner/v2/refunds/jane.doe%40example.com", [
      { name: "email", value: "jane.doe@example.com" },
      { name: "amount", value: "12.50" },
    ]);
    expect(shown).not.toContain("jane.doe");
    expect(shown).toContain("/partner/v2/refunds/");
    expect(shown).toContain("amount=12.50");
  });
});
