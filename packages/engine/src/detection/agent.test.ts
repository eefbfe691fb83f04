import { describe, expect, it } from "vitest";
import { agentFamily } from "./agent";

describe("agent families", () => {
  it("names the client without its version", () => {
    expect(agentFamily("NorthwindPay/5.2.1 (iOS 18.1)")).toBe("NorthwindPay");
    expect(agentFamily("NorthwindPay/5.3.0 (iOS 18.2)")).toBe("NorthwindPay");
    expect(agentFamily("python-requests/2.32.3")).toBe("python-requests");
    expect(
      agentFamily(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
      ),
    ).toBe("Chrome on Windows");
    expect(agentFamily("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15")).toBe(
      "Safari on macOS",
    );
    expect(agentFamily("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0")).toBe(
      "Firefox on Windows",
    );
    expect(agentFamily("Mozilla/5.0 zgrab/0.x")).toBe("zgrab");
    expect(agentFamily("-")).toBeNull();
    expect(agentFamily(null)).toBeNull();
  });
});
