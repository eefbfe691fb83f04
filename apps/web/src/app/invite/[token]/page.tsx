import type { Metadata } from "next";
import { sessionUser } from "@/server/auth";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Join a workspace" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await sessionUser();
  return (
    <main className="auth">
      <AcceptInvitation token={token} signedInEmail={user?.email ?? null} />
    </main>
  );
}
