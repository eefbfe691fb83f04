import { redirect } from "next/navigation";
import { unsafeWorkspacesOfUser } from "@lantern/services/workspaces";
import { sessionUser } from "@/server/auth";
import { services } from "@/server/services";
import { NoWorkspace } from "./no-workspace";

export const dynamic = "force-dynamic";

/** Sends people to their first workspace, or to sign in. */
export default async function Home() {
  const user = await sessionUser();
  if (!user) redirect("/login");
  const workspaces = await unsafeWorkspacesOfUser(services().db, user.id);
  if (workspaces[0]) redirect(`/w/${workspaces[0].slug}`);
  return <NoWorkspace name={user.name} />;
}
