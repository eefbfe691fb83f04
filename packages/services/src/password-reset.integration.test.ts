// Password reset links: single use, short-lived, ending every session, and
// never a way to learn who has an account or to take over another workspace's member.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobsClient, type JobsClient } from "@lantern/jobs/client";
import { dropTestPrefix } from "@lantern/jobs/testing";
import { authenticate, signUp } from "./accounts";
import { listAuditLog } from "./audit";
import type { Membership, ServiceContext } from "./context";
import { acceptInvitation, createInvitation } from "./invitations";
import { listMembers } from "./members";
import {
  createMemberResetLink,
  requestPasswordReset,
  resetLinkInfo,
  resetPassword,
  RESETS_PER_HOUR,
} from "./password-reset";
import { activeSessionUser, startSession } from "./sessions";
import { createTestServices, testMeta } from "./testing";

const redisUrl = process.env.LANTERN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const tokenOf = (link: string) => link.split("/reset/")[1]!;

describe("password reset", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let jobs: JobsClient;
  const prefix = `lantern-test-${randomBytes(4).toString("hex")}`;
  let owner: Membership;
  const ownerActor = { id: "", label: "olga@reset.test" };

  beforeAll(async () => {
    jobs = createJobsClient({ redisUrl, prefix });
    ({ ctx, drop } = await createTestServices({ jobs, mailEnabled: true }));
    const signed = await signUp(
      ctx,
      { name: "Olga", email: "olga@reset.test", password: "olga's password", workspaceName: "Reset" },
      testMeta,
    );
    owner = { tenantId: signed.workspace.tenantId, userId: signed.user.id, role: "OWNER" };
    ownerActor.id = signed.user.id;
  });
  afterAll(async () => {
    await dropTestPrefix(redisUrl, prefix);
    await jobs.close();
    await drop();
  });

  const invite = async (email: string) => {
    const noMail = { ...ctx, config: { ...ctx.config, mailEnabled: false } };
    const inv = await createInvitation(noMail, owner, ownerActor, { email, role: "DEVELOPER" }, testMeta);
    await acceptInvitation(
      ctx,
      inv.link!.split("/invite/")[1]!,
      { newUser: { name: email, password: "first password!" } },
      testMeta,
    );
    return (await listMembers(ctx, owner.tenantId)).find((m) => m.email === email)!;
  };

  it("an Owner's link sets a new password once, ends every session, and is audited", async () => {
    const member = await invite("mo@reset.test");
    const session = await startSession(ctx.db, member.userId, testMeta, 3600);
    const { link, email } = await createMemberResetLink(ctx, owner, ownerActor, member.id, testMeta);
    expect(email).toBe("mo@reset.test");
    expect(link).toMatch(/^http:\/\/lantern\.test\/reset\/pwr_/);
    expect(await resetLinkInfo(ctx, tokenOf(link))).toEqual({ valid: true, email: "mo@reset.test" });

    await expect(resetPassword(ctx, tokenOf(link), "the new password", testMeta)).resolves.toEqual({
      email: "mo@reset.test",
    });
    expect(await activeSessionUser(ctx.db, session, member.userId)).toBeNull();
    await expect(
      authenticate(ctx, { email: "mo@reset.test", password: "first password!" }, testMeta),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(
      authenticate(ctx, { email: "mo@reset.test", password: "the new password" }, testMeta),
    ).resolves.toMatchObject({ email: "mo@reset.test" });
    // Once only.
    await expect(resetPassword(ctx, tokenOf(link), "another password", testMeta)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "This reset link was used already or has expired. Ask for a new one.",
    });
    expect(await resetLinkInfo(ctx, tokenOf(link))).toEqual({ valid: false, email: null });
    const actions = (await listAuditLog(ctx, owner.tenantId, {})).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["member.password_reset_link", "auth.password_reset"]));
  });

  it("an expired link does nothing, and only Owners make links, never for themselves or a member of other workspaces", async () => {
    const member = await invite("ex@reset.test");
    const { link } = await createMemberResetLink(ctx, owner, ownerActor, member.id, testMeta);
    const tomorrow = new Date(Date.now() + 25 * 3_600_000);
    await expect(resetPassword(ctx, tokenOf(link), "late password!", testMeta, tomorrow)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });

    await expect(
      createMemberResetLink(ctx, { ...owner, role: "ADMIN" }, ownerActor, member.id, testMeta),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const me = (await listMembers(ctx, owner.tenantId)).find((m) => m.userId === owner.userId)!;
    await expect(createMemberResetLink(ctx, owner, ownerActor, me.id, testMeta)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    // A member who also opens another workspace cannot be taken over by this one's Owner.
    const both = await invite("both@reset.test");
    const elsewhere = await signUp(
      ctx,
      { name: "E", email: "e-owner@reset.test", password: "e owner password", workspaceName: "Second" },
      testMeta,
    );
    const inv = await createInvitation(
      { ...ctx, config: { ...ctx.config, mailEnabled: false } },
      { tenantId: elsewhere.workspace.tenantId, userId: elsewhere.user.id, role: "OWNER" },
      { id: elsewhere.user.id, label: "e" },
      { email: "both@reset.test", role: "VIEWER" },
      testMeta,
    );
    await acceptInvitation(
      ctx,
      inv.link!.split("/invite/")[1]!,
      { signedInUser: { id: both.userId, email: "both@reset.test", name: "both" } },
      testMeta,
    );
    await expect(createMemberResetLink(ctx, owner, ownerActor, both.id, testMeta)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("also belongs to other workspaces"),
    });
  });

  it("the forgot-password form queues a mail for an account, answers the same for none, and stops after a few an hour", async () => {
    const queued = async () =>
      (await jobs.queue("mail").getJobs(["waiting", "delayed"])).filter((j) => j.name === "mail.password-reset");
    const before = (await queued()).length;
    expect(await requestPasswordReset(ctx, "olga@reset.test")).toEqual({ mailEnabled: true });
    expect(await requestPasswordReset(ctx, "nobody@reset.test")).toEqual({ mailEnabled: true });
    const after = await queued();
    expect(after.length).toBe(before + 1);
    // The link is sealed in the job: Redis never holds it in clear.
    expect(JSON.stringify(after.map((j) => j.data))).not.toMatch(/\/reset\/pwr_/);
    for (let i = 1; i < RESETS_PER_HOUR + 2; i++) await requestPasswordReset(ctx, "olga@reset.test");
    expect((await queued()).length).toBe(before + RESETS_PER_HOUR);
    // Without mail nothing is queued and the page says to ask an Owner.
    expect(
      await requestPasswordReset({ ...ctx, config: { ...ctx.config, mailEnabled: false } }, "olga@reset.test"),
    ).toEqual({ mailEnabled: false });
  });
});
