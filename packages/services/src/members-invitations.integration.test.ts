import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "./accounts";
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  revokeInvitation,
  unsafeFindInvitationByToken,
} from "./invitations";
import { listAuditLog } from "./audit";
import { changeMemberRole, listMembers, removeMember } from "./members";
import { createApiToken, listApiTokens, unsafeAuthenticateApiToken } from "./tokens";
import { createTestServices, testMeta } from "./testing";
import type { Actor, Membership, ServiceContext } from "./context";
import { unsafeWorkspacesOfUser } from "./workspaces";

describe("teammates: invitations, roles, removal", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let owner: Membership;
  let ownerActor: Actor;
  const token = (link: string | null) => link!.split("/invite/")[1]!;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    const { user, workspace } = await signUp(
      ctx,
      { name: "Olga", email: "olga@team.test", password: "olga's password!", workspaceName: "Team" },
      testMeta,
    );
    owner = { tenantId: workspace.tenantId, userId: user.id, role: "OWNER" };
    ownerActor = { id: user.id, label: user.email };
  });
  afterAll(() => drop());

  it("invites a new person, who sets a password and joins with the invited role; the link works once", async () => {
    const inv = await createInvitation(ctx, owner, ownerActor, { email: "ana@team.test", role: "ANALYST" }, testMeta);
    expect(inv.mailed).toBe(false);
    expect(inv.link).toMatch(/^http:\/\/lantern\.test\/invite\/inv_/);
    // Only the hash is stored.
    const stored = await ctx.db.system.invitation.findUniqueOrThrow({ where: { id: inv.id } });
    expect(stored.tokenHash).not.toContain(token(inv.link));
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const result = await acceptInvitation(
      ctx,
      token(inv.link),
      { newUser: { name: "Ana", password: "ana's password!!" } },
      testMeta,
    );
    expect(result.workspaceSlug).toBe("team");
    const members = await listMembers(ctx, owner.tenantId);
    expect(members.find((m) => m.email === "ana@team.test")?.role).toBe("ANALYST");

    await expect(
      acceptInvitation(ctx, token(inv.link), { newUser: { name: "Eve", password: "eve's password!!" } }, testMeta),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("already been used"),
    });
  });

  it("someone with an account joins a second workspace, but only as the invited address", async () => {
    const other = await signUp(
      ctx,
      { name: "Dev", email: "dev@elsewhere.test", password: "dev's password!!", workspaceName: "Elsewhere" },
      testMeta,
    );
    const inv = await createInvitation(
      ctx,
      owner,
      ownerActor,
      { email: "dev@elsewhere.test", role: "DEVELOPER" },
      testMeta,
    );
    const preview = await unsafeFindInvitationByToken(ctx, token(inv.link));
    expect(preview).toMatchObject({ workspaceName: "Team", accountExists: true, status: "pending" });

    await expect(
      acceptInvitation(
        ctx,
        token(inv.link),
        { signedInUser: { id: owner.userId, email: "olga@team.test", name: "Olga" } },
        testMeta,
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await acceptInvitation(ctx, token(inv.link), { signedInUser: other.user }, testMeta);
    const workspaces = await unsafeWorkspacesOfUser(ctx.db, other.user.id);
    expect(workspaces.map((w) => [w.slug, w.role])).toEqual([
      ["elsewhere", "OWNER"],
      ["team", "DEVELOPER"],
    ]);
  });

  it("revoked and expired links are refused with a reason", async () => {
    const revoked = await createInvitation(
      ctx,
      owner,
      ownerActor,
      { email: "rev@team.test", role: "VIEWER" },
      testMeta,
    );
    await revokeInvitation(ctx, owner, ownerActor, revoked.id, testMeta);
    expect((await listInvitations(ctx, owner.tenantId)).map((i) => i.email)).not.toContain("rev@team.test");
    await expect(
      acceptInvitation(ctx, token(revoked.link), { newUser: { name: "R", password: "rrrrrrrrrrrr" } }, testMeta),
    ).rejects.toThrow(/revoked/);

    const expired = await createInvitation(
      ctx,
      owner,
      ownerActor,
      { email: "late@team.test", role: "VIEWER" },
      testMeta,
    );
    await ctx.db.system.invitation.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(
      acceptInvitation(ctx, token(expired.link), { newUser: { name: "L", password: "llllllllllll" } }, testMeta),
    ).rejects.toThrow(/expired/);
    await expect(
      acceptInvitation(
        ctx,
        "inv_not-a-real-token-at-all-xxxxxxxx",
        { newUser: { name: "L", password: "llllllllllll" } },
        testMeta,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("re-inviting an address replaces its earlier link", async () => {
    const first = await createInvitation(
      ctx,
      owner,
      ownerActor,
      { email: "twice@team.test", role: "VIEWER" },
      testMeta,
    );
    const second = await createInvitation(
      ctx,
      owner,
      ownerActor,
      { email: "twice@team.test", role: "ANALYST" },
      testMeta,
    );
    expect(
      (await listInvitations(ctx, owner.tenantId)).filter((i) => i.email === "twice@team.test").map((i) => i.id),
    ).toEqual([second.id]);
    await expect(
      acceptInvitation(ctx, token(first.link), { newUser: { name: "T", password: "tttttttttttt" } }, testMeta),
    ).rejects.toThrow(/revoked/);
  });

  it("an Admin cannot grant, take away or invite the Owner role; the last Owner cannot be demoted or removed", async () => {
    const inv = await createInvitation(ctx, owner, ownerActor, { email: "adm@team.test", role: "ADMIN" }, testMeta);
    const { user } = await acceptInvitation(
      ctx,
      token(inv.link),
      { newUser: { name: "Adm", password: "adm's password!" } },
      testMeta,
    );
    const admin: Membership = { tenantId: owner.tenantId, userId: user.id, role: "ADMIN" };
    const adminActor = { id: user.id, label: user.email };
    const members = await listMembers(ctx, owner.tenantId);
    const ownerMember = members.find((m) => m.role === "OWNER")!;
    const analyst = members.find((m) => m.role === "ANALYST")!;

    await expect(changeMemberRole(ctx, admin, adminActor, ownerMember.id, "VIEWER", testMeta)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(changeMemberRole(ctx, admin, adminActor, analyst.id, "OWNER", testMeta)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      createInvitation(ctx, admin, adminActor, { email: "o2@team.test", role: "OWNER" }, testMeta),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeMemberRole(ctx, admin, adminActor, analyst.id, "DEVELOPER", testMeta)).resolves.toMatchObject({
      role: "DEVELOPER",
    });

    await expect(changeMemberRole(ctx, owner, ownerActor, ownerMember.id, "ADMIN", testMeta)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("at least one Owner"),
    });
    await expect(removeMember(ctx, owner, ownerActor, ownerMember.id, testMeta)).rejects.toMatchObject({
      code: "CONFLICT",
    });

    // With a second Owner, the first may step down.
    await changeMemberRole(ctx, owner, ownerActor, analyst.id, "OWNER", testMeta);
    await changeMemberRole(ctx, owner, ownerActor, ownerMember.id, "ADMIN", testMeta);
    expect((await listMembers(ctx, owner.tenantId)).filter((m) => m.role === "OWNER").map((m) => m.email)).toEqual([
      "ana@team.test",
    ]);
  });

  it("two Owners demoting each other at once leave one Owner", async () => {
    const { user, workspace } = await signUp(
      ctx,
      { name: "P", email: "p@race.test", password: "p's password!!", workspaceName: "Race" },
      testMeta,
    );
    const p: Membership = { tenantId: workspace.tenantId, userId: user.id, role: "OWNER" };
    const inv = await createInvitation(
      ctx,
      p,
      { id: user.id, label: user.email },
      { email: "q@race.test", role: "OWNER" },
      testMeta,
    );
    await acceptInvitation(ctx, token(inv.link), { newUser: { name: "Q", password: "q's password!!" } }, testMeta);
    const [pm, qm] = await listMembers(ctx, workspace.tenantId);
    const results = await Promise.allSettled([
      changeMemberRole(ctx, p, { id: p.userId, label: "p" }, qm!.id, "ADMIN", testMeta),
      changeMemberRole(ctx, { ...p, userId: qm!.userId }, { id: qm!.userId, label: "q" }, pm!.id, "ADMIN", testMeta),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await listMembers(ctx, workspace.tenantId)).filter((m) => m.role === "OWNER")).toHaveLength(1);
  });

  it("a removed member loses the workspace at once, and the API tokens they created stop working", async () => {
    const members = await listMembers(ctx, owner.tenantId);
    const dev = members.find((m) => m.email === "dev@elsewhere.test")!;
    const theirs = await createApiToken(
      ctx,
      owner.tenantId,
      { id: dev.userId, label: dev.email },
      { name: "dev's shipper", scopes: ["ingest"] },
      testMeta,
    );
    const ours = await createApiToken(
      ctx,
      owner.tenantId,
      ownerActor,
      { name: "team shipper", scopes: ["ingest"] },
      testMeta,
    );
    expect((await listApiTokens(ctx, owner.tenantId)).find((t) => t.name === "dev's shipper")).toMatchObject({
      createdBy: "dev@elsewhere.test",
      revokedAt: null,
    });
    expect(await unsafeAuthenticateApiToken(ctx, theirs.token)).not.toBeNull();

    await removeMember(ctx, { ...owner, role: "ADMIN" }, ownerActor, dev.id, testMeta);
    expect((await unsafeWorkspacesOfUser(ctx.db, dev.userId)).map((w) => w.slug)).toEqual(["elsewhere"]);
    expect(await unsafeAuthenticateApiToken(ctx, theirs.token)).toBeNull();
    expect(await unsafeAuthenticateApiToken(ctx, ours.token)).toMatchObject({ tenantId: owner.tenantId });
    const audit = (await listAuditLog(ctx, owner.tenantId, {})).entries;
    expect(audit.find((e) => e.action === "member.removed")?.metadata).toMatchObject({
      email: "dev@elsewhere.test",
      tokensRevoked: 1,
    });
    expect(audit.find((e) => e.action === "token.revoked")?.metadata).toMatchObject({
      name: "dev's shipper",
      reason: "its creator dev@elsewhere.test was removed",
    });
  });
});
