"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { errorText, useTRPC } from "@/lib/trpc";
import type { useUrlParams } from "@/lib/use-url-params";
import { VIEW_PARAMS, viewQuery } from "@lantern/services/view-params";

/**
 * The person's default queue: opened bare (from the menu), the queue takes
 * their saved view once; a link with its own filters is left as it is.
 * True until it is known whether there is a view to apply.
 */
export function useDefaultView(url: ReturnType<typeof useUrlParams>): boolean {
  const trpc = useTRPC();
  const bare = useRef(url.params.size === 0);
  const applied = useRef(false);
  const saved = useQuery({ ...trpc.views.get.queryOptions({ page: "alerts" }), enabled: bare.current });
  useEffect(() => {
    if (!bare.current || applied.current || !saved.isSuccess) return;
    applied.current = true;
    if (saved.data?.query) url.set(Object.fromEntries(new URLSearchParams(saved.data.query)));
  }, [saved.isSuccess, saved.data, url]);
  return bare.current && !applied.current && (saved.isPending || Boolean(saved.data?.query));
}

/** Save the current filters, sort and grouping as one's default, or go back to it. */
export function DefaultViewButtons({ url }: { url: ReturnType<typeof useUrlParams> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = useQuery(trpc.views.get.queryOptions({ page: "alerts" }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.views.get.queryKey({ page: "alerts" }) });
  const save = useMutation(trpc.views.save.mutationOptions({ onSuccess: refresh }));
  const forget = useMutation(trpc.views.forget.mutationOptions({ onSuccess: refresh }));
  const current = viewQuery("alerts", url.params);
  const mine = saved.data?.query ?? null;
  const isDefault = mine !== null && mine === current;
  return (
    <div className="row" data-testid="default-view">
      {isDefault ? (
        <span className="muted">Your default view</span>
      ) : (
        <Button small disabled={save.isPending} onClick={() => save.mutate({ page: "alerts", query: current })}>
          Save as my default view
        </Button>
      )}
      {mine !== null && !isDefault && (
        <Button
          small
          onClick={() =>
            url.set({
              ...Object.fromEntries(VIEW_PARAMS.alerts.map((n) => [n, null])),
              ...Object.fromEntries(new URLSearchParams(mine)),
              page: null,
            })
          }
        >
          Back to my default
        </Button>
      )}
      {mine !== null && (
        <Button small disabled={forget.isPending} onClick={() => forget.mutate({ page: "alerts" })}>
          Forget my default
        </Button>
      )}
      {(save.error || forget.error) && (
        <span className="form-error" role="alert">
          {errorText(save.error ?? forget.error)}
        </span>
      )}
    </div>
  );
}
