/**
 * The session cookie's name and attributes. Behind https it is Secure (and
 * gets the __Secure- prefix, which browsers only accept over https).
 */
export function sessionCookie(appUrl: string) {
  const secure = new URL(appUrl).protocol === "https:";
  return {
    name: secure ? "__Secure-lantern.session" : "lantern.session",
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}
