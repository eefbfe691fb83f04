// An id or a name holding NUL used to reach Postgres, which refused it: a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@lantern/services/accounts";
import type { ServiceContext } from "@lantern/services/context";
import { createTestServices, testMeta } from "@lantern/services/testing";
import { createCaller } from "./root";

describe("NUL in inputs", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    const owner = await signUp(
      ctx,
      { name: "N", email: "n@nul.test", password: "nul's password!", workspaceName: "Nul" },
      testMeta,
    );
    caller = createCaller({ services: ctx, user: owner.user, workspaceSlug: owner.workspace.slug, meta: testMeta });
  });
  afterAll(() => drop());

  it("is a bad request with a reason, in ids, searches and names alike", async () => {
    const refused = { code: "BAD_REQUEST", message: "The request holds a NUL character, which no field may contain." };
    await expect(caller.inventory.endpoint({ endpointId: "ep_\u0000x" })).rejects.toMatchObject(refused);
    await expect(caller.actors.get({ actorId: "act_\u0000" })).rejects.toMatchObject(refused);
    await expect(caller.actors.list({ search: "a\u0000b" })).rejects.toMatchObject(refused);
    await expect(caller.workspace.update({ name: "Evil\u0000Corp" })).rejects.toMatchObject(refused);
    // Without the NUL, the same calls are ordinary.
    await expect(caller.actors.get({ actorId: "act_missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.actors.list({ search: "ab" })).resolves.toMatchObject({ total: 0 });
  });
});
