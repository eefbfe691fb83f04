// Every role against every guarded procedure, through the real router and
// database: a role gets FORBIDDEN exactly where the matrix says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@lantern/db/client";
import { signUp } from "@lantern/services/accounts";
import { acceptInvitation, createInvitation } from "@lantern/services/invitations";
import { can, ROLES, type Permission } from "@lantern/services/permissions";
import { createTestServices, testMeta } from "@lantern/services/testing";
import type { ServiceContext } from "@lantern/services/context";
import { createCaller } from "./root";

type Caller = ReturnType<typeof createCaller>;

// One representative call per permission that guards a procedure.
const CALLS: { permission: Permission; name: string; call: (c: Caller) => Promise<unknown> }[] = [
  { permission: "workspace.read", name: "workspace.current", call: (c) => c.workspace.current() },
  { permission: "workspace.manage", name: "workspace.update", call: (c) => c.workspace.update({ name: "Renamed" }) },
  { permission: "members.read", name: "members.list", call: (c) => c.members.list() },
  {
    permission: "members.manage",
    name: "invitations.create",
    call: (c) => c.invitations.create({ email: `x${Math.random()}@m.test`, role: "VIEWER" }),
  },
  { permission: "members.manage", name: "invitations.list", call: (c) => c.invitations.list() },
  { permission: "tokens.manage", name: "tokens.create", call: (c) => c.tokens.create({ name: "t", scopes: ["read"] }) },
  { permission: "tokens.manage", name: "tokens.list", call: (c) => c.tokens.list() },
  { permission: "audit.read", name: "audit.list", call: (c) => c.audit.list({}) },
  {
    permission: "integrations.manage",
    name: "integrations.create",
    call: (c) =>
      c.integrations.create({ kind: "webhook", name: `hook ${Math.random()}`, url: "https://hooks.example.com/x" }),
  },
  {
    permission: "policies.manage",
    name: "policies.create",
    call: (c) =>
      c.policies.create({
        name: `policy ${Math.random()}`,
        trigger: {},
        actions: { notify: [], block: { list: "BLOCK", targets: "caller" } },
      }),
  },
  {
    permission: "hunts.manage",
    name: "hunt.save",
    call: (c) => c.hunt.save({ name: `hunt ${Math.random()}`, query: "status:>=500" }),
  },
];

describe("role matrix", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let slug: string;
  const callers = new Map<Role, Caller>();

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    const owner = await signUp(
      ctx,
      { name: "O", email: "o@matrix.test", password: "o's password!!", workspaceName: "Matrix" },
      testMeta,
    );
    slug = owner.workspace.slug;
    const ownerMembership = { tenantId: owner.workspace.tenantId, userId: owner.user.id, role: "OWNER" as const };
    const make = (user: { id: string; email: string; name: string }) =>
      createCaller({ services: ctx, user, workspaceSlug: slug, meta: testMeta });
    callers.set("OWNER", make(owner.user));
    for (const role of ROLES.filter((r) => r !== "OWNER")) {
      const inv = await createInvitation(
        ctx,
        ownerMembership,
        { id: owner.user.id, label: owner.user.email },
        { email: `${role.toLowerCase()}@matrix.test`, role },
        testMeta,
      );
      const { user } = await acceptInvitation(
        ctx,
        inv.link!.split("/invite/")[1]!,
        { newUser: { name: role, password: "a long password!" } },
        testMeta,
      );
      callers.set(role, make(user));
    }
  });
  afterAll(() => drop());

  for (const role of ROLES) {
    for (const { permission, name, call } of CALLS) {
      const allowed = can(role, permission);
      it(`${role} ${allowed ? "may" : "may not"} call ${name}`, async () => {
        const result = call(callers.get(role)!);
        if (allowed) await expect(result).resolves.toBeDefined();
        else await expect(result).rejects.toMatchObject({ code: "FORBIDDEN" });
      });
    }
  }

  it("Viewers cannot change anything; Developers cannot manage members or tokens", () => {
    const writes: Permission[] = [
      "workspace.manage",
      "members.manage",
      "tokens.manage",
      "data.ingest",
      "findings.manage",
      "alerts.triage",
      "hunts.manage",
    ];
    expect(writes.filter((p) => can("VIEWER", p))).toEqual([]);
    expect(can("DEVELOPER", "members.manage") || can("DEVELOPER", "tokens.manage")).toBe(false);
  });

  it("workspace settings validate proxy ranges with a message that shows the right form", async () => {
    // Through createCaller the formatter does not run; the message is the validation issue's.
    await expect(
      callers.get("OWNER")!.workspace.update({ trustedProxyCidrs: ["203.0.113.0/24", "not-a-range"] }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: {
        issues: [
          {
            path: ["trustedProxyCidrs", 1],
            message: '"not-a-range" is not an IP range; write it like 203.0.113.0/24 or 2001:db8::/32',
          },
        ],
      },
    });
    await expect(
      callers.get("OWNER")!.workspace.update({ trustedProxyCidrs: ["203.0.113.0/24", "2001:db8::/32"] }),
    ).resolves.toMatchObject({ trustedProxyCidrs: ["203.0.113.0/24", "2001:db8::/32"] });
    await expect(
      callers.get("OWNER")!.workspace.update({ internalCidrs: ["10.1.0.0/16", "bogus"] }),
    ).rejects.toMatchObject({ cause: { issues: [{ path: ["internalCidrs", 1] }] } });
    await expect(callers.get("OWNER")!.workspace.update({ internalCidrs: ["198.51.100.0/24"] })).resolves.toMatchObject(
      { internalCidrs: ["198.51.100.0/24"] },
    );
  });

  it("without a session, or in a workspace one is not in, calls are refused before any handler runs", async () => {
    const anonymous = createCaller({ services: ctx, user: null, workspaceSlug: slug, meta: testMeta });
    await expect(anonymous.members.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const stranger = await signUp(
      ctx,
      { name: "S", email: "s@matrix.test", password: "s's password!!", workspaceName: "Stranger" },
      testMeta,
    );
    const outsider = createCaller({ services: ctx, user: stranger.user, workspaceSlug: slug, meta: testMeta });
    await expect(outsider.members.list()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
