"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useWorkspace } from "@/components/shell/workspace-context";
import { errorText, useTRPC } from "@/lib/trpc";

/**
 * Correct the template discovery made: a literal segment that is really an
 * id (merge its siblings into one endpoint), or a value of a variable that is
 * really an endpoint of its own (split it out). Remembered and applied to all
 * later traffic.
 */
export function TemplateCorrections({ endpointId, template }: { endpointId: string; template: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [splitAt, setSplitAt] = useState<number | null>(null);
  const [value, setValue] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const onSuccess = (result: { endpointId: string; template: string; merged: number }, what: string) => {
    void queryClient.invalidateQueries({ queryKey: trpc.inventory.pathKey() });
    setDone(what);
    setSplitAt(null);
    setValue("");
    if (result.endpointId !== endpointId) router.push(ws.href(`/inventory/${result.endpointId}`));
  };
  const merge = useMutation(
    trpc.inventory.markVariable.mutationOptions({
      onSuccess: (r) => onSuccess(r, `Merged: ${r.template}${r.merged ? ` now holds ${r.merged + 1} endpoints` : ""}.`),
    }),
  );
  const split = useMutation(
    trpc.inventory.keepLiteral.mutationOptions({
      onSuccess: () =>
        onSuccess(
          { endpointId, template, merged: 0 },
          `“${value}” will be an endpoint of its own from the next upload on; calls already counted stay here.`,
        ),
    }),
  );
  const segments = template.split("/").filter(Boolean);
  const error = merge.error ?? split.error;

  if (!ws.can("data.ingest")) return null;
  return (
    <Card title="Correct the template">
      <p className="muted">
        Is a segment really an id, or a value really an endpoint of its own? Corrections are kept and win over later
        traffic.
      </p>
      <div className="row" data-testid="template-segments" style={{ flexWrap: "wrap", gap: 6 }}>
        {segments.map((segment, position) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a segment is its position in the path (two may read alike)
          <span key={position} className="row" style={{ gap: 4 }}>
            <span className="mono">/{segment}</span>
            {segment.startsWith("{") ? (
              <Button small onClick={() => setSplitAt(position)} aria-label={`Keep a value of ${segment} literal`}>
                split…
              </Button>
            ) : (
              <Button
                small
                disabled={merge.isPending}
                onClick={() => merge.mutate({ endpointId, position })}
                aria-label={`Treat ${segment} as a variable`}
              >
                variable
              </Button>
            )}
          </span>
        ))}
      </div>
      {splitAt !== null && (
        <form
          className="row"
          style={{ marginTop: 8 }}
          onSubmit={(e) => {
            e.preventDefault();
            split.mutate({ endpointId, position: splitAt, value });
          }}
        >
          <label>
            Value of <span className="mono">{segments[splitAt]}</span> to keep as its own endpoint{" "}
            <input
              aria-label="Value to keep literal"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder="me"
            />
          </label>
          <Button small type="submit" disabled={!value || split.isPending}>
            Keep literal
          </Button>
        </form>
      )}
      {error && (
        <div className="form-error" role="alert">
          {errorText(error)}
        </div>
      )}
      {done && (
        <p role="status" data-testid="correction-result">
          {done}
        </p>
      )}
    </Card>
  );
}
