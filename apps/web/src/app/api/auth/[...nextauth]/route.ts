import NextAuth from "next-auth";
import { authOptions } from "@/server/auth";

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built on first use, not at import: configuration is read at run time, not during `next build`.
let nextAuth: Handler | undefined;
const handler: Handler = (req, ctx) => (nextAuth ??= NextAuth(authOptions()) as unknown as Handler)(req, ctx);

export { handler as GET, handler as POST };
