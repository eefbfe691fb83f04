/** Where to go after signing in: only same-site paths, never another origin (no open redirect). */
export function safeCallbackUrl(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}
