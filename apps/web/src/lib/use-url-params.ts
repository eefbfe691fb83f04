"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * The address asked for and not yet shown: router.replace lands after a
 * render, and a second change made before it (two filters picked in quick
 * succession, by anyone or by a test) must build on the first, not on the
 * address as it was (it put the first filter back). Shared by every
 * component of the page, since each reads the same address.
 */
let pending: { pathname: string; query: string } | null = null;

/**
 * A page's filters, sort and grouping kept in its address, so a view can be
 * shared, bookmarked and reloaded. `set` changes some of them (null or ""
 * removes one) and replaces the address without adding to the history.
 */
export function useUrlParams() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // The address caught up with what was asked: nothing is pending any more.
  const shown = params.toString();
  useEffect(() => {
    if (pending && (pending.pathname !== pathname || pending.query === shown)) pending = null;
  }, [shown, pathname]);
  const set = (patch: Record<string, string | null | undefined>) => {
    const base = pending?.pathname === pathname ? pending.query : shown;
    const next = new URLSearchParams(base);
    for (const [name, value] of Object.entries(patch)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    const query = next.toString();
    pending = { pathname, query };
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  /** One parameter, if it is one of `allowed` (a hand-edited address falls back to the default). */
  const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T =>
    allowed.find((v) => v === params.get(name)) ?? fallback;
  // A value with control characters (a NUL pasted into the address) is no filter anyone meant: read as absent.
  const get = (name: string) => {
    const value = params.get(name) ?? "";
    return /[\u0000-\u001f]/.test(value) ? "" : value;
  };
  return { params, set, pick, get };
}

/**
 * A typed parameter (a search box): the field follows every key press, the
 * address once typing pauses, so each letter is not a new query or history entry.
 */
export function useSettledUrlParam(url: ReturnType<typeof useUrlParams>, name: string, ms = 300) {
  const inAddress = url.get(name);
  const [typed, setTyped] = useState(inAddress);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text starts the wait; url.set is new each render
  useEffect(() => {
    if (typed === inAddress) return;
    const t = setTimeout(() => url.set({ [name]: typed.trim() || null, page: null }), ms);
    return () => clearTimeout(t);
  }, [typed]);
  return [typed, setTyped] as const;
}
