// Where to go after signing in: only a path on this site, never another
// origin (no open redirect). Browsers drop tabs and newlines from URLs and
// read "\" as "/", so "/\t/evil.example" becomes "//evil.example": any
// control character, whitespace or backslash refuses the value outright,
// and what is left must resolve to this origin.
const PROBE_ORIGIN = "https://lantern.invalid";
const UNSAFE = /[\u0000-\u0020\u007f-\u009f\\]/;

export function safeCallbackUrl(value: string | null): string {
  if (!value?.startsWith("/") || value.startsWith("//") || UNSAFE.test(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return "/";
  }
  // "/..//evil.example" normalises to the path "//evil.example", which a browser reads as another host.
  if (url.origin !== PROBE_ORIGIN || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
