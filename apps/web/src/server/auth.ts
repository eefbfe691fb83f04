// Sessions: next-auth with email and password. The session is a signed JWT
// cookie holding the user id and a server-side session id (services/
// sessions.ts): signing out or changing the password ends the session on the
// server, not only in the browser. Membership and role are looked up on
// every request, so removing someone from a workspace takes effect at once.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate } from "@lantern/services/accounts";
import { activeSessionUser, endSession, startSession } from "@lantern/services/sessions";
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
            const meta = requestMeta(req.headers ?? {});
            const user = await authenticate(
              services(),
              { email: credentials.email, password: credentials.password },
              meta,
            );
            const sid = await startSession(services().db, user.id, meta, SESSION_MAX_AGE_SECONDS);
            return { id: user.id, email: user.email, name: user.name, sid };
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
        if (user) {
          token.sub = user.id;
          token.sid = (user as { sid?: string }).sid;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, sid: token.sid } } as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(services().db, token.sid);
      },
    },
  };
}

export type SessionUser = { id: string; email: string; name: string };

/** The signed-in person, or null: the cookie must name a session that is still open on the server. */
export async function sessionUser(): Promise<SessionUser | null> {
  return (await currentSession())?.user ?? null;
}

/** The signed-in person and their session id, or null. */
export async function currentSession(): Promise<{ user: SessionUser; sessionId: string } | null> {
  const session = await getServerSession(authOptions());
  const { id, sid } = (session?.user ?? {}) as { id?: string; sid?: string };
  if (!id || !sid) return null;
  const user = await activeSessionUser(services().db, sid, id);
  return user ? { user, sessionId: sid } : null;
}
