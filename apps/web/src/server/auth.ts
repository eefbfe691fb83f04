// Sessions: next-auth with email and password. The session is a signed JWT
// cookie holding only the user id; membership and role are looked up on
// every request, so removing someone takes effect at once.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate, getUser } from "@lantern/services/accounts";
import { AppError } from "@lantern/services/errors";
import { env } from "../env";
import { requestMeta } from "./request-meta";
import { sessionCookie } from "./session-cookie";
import { services } from "./services";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

export function authOptions(): NextAuthOptions {
  const e = env();
  const cookie = sessionCookie(e.APP_URL);
  return {
    secret: e.LANTERN_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    useSecureCookies: cookie.options.secure,
    cookies: { sessionToken: cookie },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) throw new Error("Enter your email and password.");
          try {
            const user = await authenticate(services(), { email: credentials.email, password: credentials.password }, requestMeta(req.headers ?? {}));
            return { id: user.id, email: user.email, name: user.name };
          } catch (error) {
            // next-auth passes the message to the sign-in form.
            if (error instanceof AppError) throw new Error(error.message);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } } as typeof session;
      },
    },
  };
}

export type SessionUser = { id: string; email: string; name: string };

/** The signed-in person, or null. Checks the user still exists. */
export async function sessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return getUser(services(), id);
}
