"use client";
import { useEffect } from "react";

/**
 * The browser tab names the page ("Alerts · Lantern", an alert's title).
 * Pages here are client components, which cannot export metadata, so the
 * page header sets the title once it is known. Next streams the layout's
 * metadata <title> into the head after hydration on dynamic pages, so the
 * name is set again whenever the head changes while the page is shown.
 */
export function DocumentTitle({ title }: { title: string }) {
  useEffect(() => {
    const wanted = `${title} · Lantern`;
    const apply = () => {
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const watch = new MutationObserver(apply);
    watch.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => watch.disconnect();
  }, [title]);
  return null;
}
