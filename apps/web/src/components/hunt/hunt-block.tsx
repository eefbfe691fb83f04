"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BlockForm, until } from "@/components/response/block-panel";
import { formatCount } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc";

type Hunt = { q: string; from: string; to: string };

/** Sends the addresses a hunt matched to the block (or rate-limit) list, after a preview of what they sent. */
export function HuntBlock({ hunt }: { hunt: Hunt }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery({ ...trpc.hunt.previewBlock.queryOptions(hunt), retry: false });
  const block = useMutation(
    trpc.hunt.block.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.response.blocks.queryKey() }),
    }),
  );
  const p = preview.data;
  const d = block.data;
  return (
    <div data-testid="hunt-block">
      <BlockForm
        pending={block.isPending}
        error={block.error}
        refused={p?.addresses === 0}
        onSubmit={(s) => block.mutate({ ...hunt, ...s })}
        preview={
          <p data-testid="block-preview" className="muted">
            {preview.isPending
              ? "Counting the addresses…"
              : preview.error
                ? preview.error.message
                : p
                  ? `${formatCount(p.addresses, "address", "addresses")} sent the ${formatCount(p.requests, "matching request")}${
                      p.busiest.length
                        ? ` (the busiest: ${p.busiest.map((b) => `${b.address} ${b.n}`).join(", ")})`
                        : ""
                    }.${p.capped ? " Only the 500 busiest are offered: narrow the hunt for the rest." : ""}${
                      p.spared.length
                        ? ` The allow list spares ${formatCount(p.spared.length, "more", "more")}: ${[...new Set(p.spared.map((s) => s.allowedBy))].join(", ")}.`
                        : ""
                    }`
                  : ""}
          </p>
        }
        done={
          d &&
          `${formatCount(d.blocked, "address", "addresses")} ${d.blocked === 1 ? "is" : "are"} on the ${d.list === "BLOCK" ? "block" : "rate-limit"} list ${until(d.expiresAt)}${d.spared ? `; ${d.spared} spared by the allow list` : ""}.`
        }
      />
    </div>
  );
}
