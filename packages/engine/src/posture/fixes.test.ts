import { describe, expect, it } from "vitest";
import { familiesOf, fixesFor } from "./fixes";

describe("fixes per source family", () => {
  it("gives the fix for the gateways the workspace's logs come from", () => {
    const families = [...familiesOf("kong"), ...familiesOf("aws-alb")];
    const fixes = fixesFor("no-rate-limit", families);
    expect(fixes.map((f) => f.label)).toEqual(["Kong", "AWS (ALB, CloudFront, WAF)"]);
    expect(fixes[0]!.fix).toContain("rate-limiting");
  });

  it("gives nginx and Apache both for their shared combined format, and nothing for a generic JSON log", () => {
    expect(fixesFor("trace-enabled", familiesOf("combined")).map((f) => f.family)).toEqual(["nginx", "apache"]);
    expect(fixesFor("trace-enabled", familiesOf("json"))).toEqual([]);
  });
});
