import { describe, expect, it } from "vitest";
import { collapseRequests } from "./collapse-requests";

const req = (target: string, extra: Partial<{ status: number; clientIp: string }> = {}) => ({
  method: "GET",
  host: "api.example",
  target,
  status: 200,
  clientIp: "203.0.113.5",
  userAgent: "curl/8.5",
  ...extra,
});

describe("collapsing alike requests", () => {
  it("folds requests differing only in ids, keeping the first of each run in order", () => {
    const rows = [
      req("/v1/accounts/1001"),
      req("/v1/accounts/1002?page=2"),
      req("/v1/accounts/3f2b8c9e-1d4a-4b6c-9e8f-0a1b2c3d4e5f?page=9"),
      req("/v1/accounts/1003", { status: 404 }),
      req("/v1/accounts/1004"),
      req("/v1/login"),
    ];
    const runs = collapseRequests(rows);
    // A UUID is an id like a number; a query parameter's presence is part of the shape.
    expect(runs.map((r) => [r.first.target, r.rest.map((x) => x.target)])).toEqual([
      ["/v1/accounts/1001", ["/v1/accounts/1004"]],
      ["/v1/accounts/1002?page=2", ["/v1/accounts/3f2b8c9e-1d4a-4b6c-9e8f-0a1b2c3d4e5f?page=9"]],
      ["/v1/accounts/1003", []],
      ["/v1/login", []],
    ]);
  });

  it("folds the same request from many addresses, and keeps different statuses apart", () => {
    const runs = collapseRequests([
      req("/a/1"),
      req("/a/2", { clientIp: "198.51.100.1" }),
      req("/a/3", { status: 500 }),
    ]);
    expect(runs.map((r) => [r.first.target, r.rest.length])).toEqual([
      ["/a/1", 1],
      ["/a/3", 0],
    ]);
  });
});
