// The client behind a request, as its user agent names it, without versions
// (an app update is not a new device): "NorthwindPay", "python-requests",
// "Chrome on Windows". What a taken-over account usually changes along with
// its country.

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\//, "Opera"],
  [/\bFirefox\//, "Firefox"],
  [/\bChrome\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, "Windows"],
  [/Android/, "Android"],
  [/iPhone|iPad|iOS/, "iOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

export function agentFamily(userAgent: string | null): string | null {
  const ua = userAgent?.trim();
  if (!ua || ua === "-") return null;
  if (ua.startsWith("Mozilla/")) {
    const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
    const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
    // "Mozilla/5.0 zgrab/0.x" and other tools that borrow the prefix: the token after it.
    if (!browser)
      return /^Mozilla\/[\d.]+\s+\(/.test(ua)
        ? `browser${system ? ` on ${system}` : ""}`
        : (ua.split(/\s+/)[1]?.split("/")[0] ?? "Mozilla");
    return system ? `${browser} on ${system}` : browser;
  }
  return ua.split(/[\s/;(]/)[0]!.slice(0, 60) || null;
}
