import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { can, permissionMatrixMarkdown, PERMISSIONS, ROLES } from "./permissions";

describe("role matrix", () => {
  it("is what the README says", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(permissionMatrixMarkdown());
  });

  it("gives Owners everything and Viewers nothing that changes data", () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect(can("OWNER", p)).toBe(true);
    expect(ROLES.filter((r) => can(r, "members.manageOwners"))).toEqual(["OWNER"]);
    expect((Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).filter((p) => can("VIEWER", p))).toEqual([
      "workspace.read",
      "members.read",
    ]);
  });
});
