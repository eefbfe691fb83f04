import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { permissionsOf } from "@lantern/services/permissions";
import { unsafeResolveWorkspace, unsafeWorkspacesOfUser } from "@lantern/services/workspaces";
import { Shell } from "@/components/shell/shell";
import { REQUEST_PATH_HEADER } from "@/lib/request-path-header";
import { sessionUser } from "@/server/auth";
import { services } from "@/server/services";

export const dynamic = "force-dynamic";

/**
 * Every workspace page: the slug in the URL is checked against the signed-in
 * person's memberships; a workspace they are not in is a 404.
 */
export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const user = await sessionUser();
  if (!user) {
    const asked = (await headers()).get(REQUEST_PATH_HEADER) ?? `/w/${slug}`;
    redirect(`/login?callbackUrl=${encodeURIComponent(asked)}`);
  }
  const access = await unsafeResolveWorkspace(services().db, user.id, slug);
  if (!access) notFound();
  const workspaces = await unsafeWorkspacesOfUser(services().db, user.id);
  return (
    <Shell
      workspace={{
        slug: access.slug,
        name: access.name,
        role: access.role,
        permissions: permissionsOf(access.role),
        userId: user.id,
        mailEnabled: services().config.mailEnabled,
      }}
      workspaces={workspaces.map((w) => ({ slug: w.slug, name: w.name }))}
      user={{ name: user.name, email: user.email }}
    >
      {children}
    </Shell>
  );
}
