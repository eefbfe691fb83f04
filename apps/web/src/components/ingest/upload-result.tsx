"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { formatDateTime } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc";
import { useWorkspace } from "@/components/shell/workspace-context";
import type { StageProgress } from "@lantern/services/pipeline/progress";
import { ReadinessReport, type Readiness } from "./readiness-report";
import { uploadPhase } from "./upload-phase";

/** Processing progress, then the outcome of one upload and its way into the inventory; polls until both are done. */
export function UploadResult({ uploadId, showReadiness = true }: { uploadId: string; showReadiness?: boolean }) {
  const trpc = useTRPC();
  const { href } = useWorkspace();
  const upload = useQuery({
    ...trpc.uploads.get.queryOptions({ uploadId }),
    refetchInterval: (q) => {
      const u = q.state.data;
      if (!u) return false;
      if (u.status === "RECEIVED" || u.status === "PROCESSING") return 1000;
      // Then while discovery and detection still have work to do.
      return u.stages.some((s) => s.state === "waiting" || s.state === "running") ? 2000 : false;
    },
  });
  const u = upload.data;
  if (!u) return <p className="muted">Loading…</p>;
  const running = u.status === "RECEIVED" || u.status === "PROCESSING";
  const phase = uploadPhase(u);
  const reasons = Object.entries((u.rejectReasons ?? {}) as Record<string, number>);
  const samples = (u.rejectSamples ?? []) as { reason: string; line: number; sample: string }[];
  return (
    <div data-testid={`upload-${u.id}`} data-status={u.status}>
      <div className="row">
        <Badge tone={phase.tone}>
          <span data-testid="upload-phase">{phase.label}</span>
        </Badge>
        {u.formatSpec ? (
          <span className="muted">
            format: {(u.formatSpec as { id: string }).id}
            {u.detectedConfidence !== null
              ? ` (detected, ${Math.round(u.detectedConfidence * 100)}% of sampled lines)`
              : ""}
          </span>
        ) : null}
      </div>
      {(u.formatSpec as { id?: string; mapping?: unknown } | null)?.mapping ? (
        <div className="muted" style={{ fontSize: 12 }}>
          field mapping:{" "}
          <code data-testid="json-mapping">{JSON.stringify((u.formatSpec as { mapping: unknown }).mapping)}</code>{" "}
          (choose JSON lines to correct it on the next upload)
        </div>
      ) : null}
      {running && (
        <Progress
          name="Processing"
          value={u.progress}
          label={`processing: ${u.linesRead.toLocaleString("en")} lines`}
        />
      )}
      {u.error && (
        <div className="form-error" role="alert">
          {u.error}
        </div>
      )}
      {u.notice && (
        <div className="notice" role="status" data-testid="upload-notice">
          {u.notice}
        </div>
      )}
      {u.status === "DUPLICATE" && <p className="muted">This file was already ingested; nothing was added.</p>}
      {!running && u.status !== "DUPLICATE" && (
        <div className="stack" style={{ marginTop: 8 }}>
          <div data-testid="line-counts">
            <strong>{u.linesAccepted.toLocaleString("en")}</strong> events from {u.linesRead.toLocaleString("en")}{" "}
            lines; <strong>{u.linesRejected.toLocaleString("en")}</strong> rejected
            {u.timeFrom && (
              <span className="muted">
                {" "}
                · {formatDateTime(u.timeFrom)} to {formatDateTime(u.timeTo)}
              </span>
            )}
          </div>
          {reasons.length > 0 && (
            <div>
              Rejected by reason:{" "}
              {reasons.map(([r, n]) => `${r.replace(/_/g, " ")} ${n.toLocaleString("en")}`).join(", ")}
              {samples.length > 0 && (
                <ul className="mono muted" style={{ fontSize: 12 }}>
                  {samples.map((s) => (
                    <li key={`${s.reason}-${s.line}`}>
                      line {s.line} ({s.reason.replace(/_/g, " ")}): {s.sample}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {u.status === "COMPLETED" &&
            (u.discoveredAt ? (
              <div data-testid="inventory-status">
                Added to the <Link href={href("/inventory")}>API inventory</Link>.
              </div>
            ) : (
              <Progress
                name="Adding to the inventory"
                value={u.discovery}
                label={`adding to the API inventory: ${Math.floor(u.discovery * 100)}%`}
              />
            ))}
          <DetectionStatus stage={u.stages[2]!} alertsHref={href("/alerts")} />
          {showReadiness && u.readiness ? <ReadinessReport report={u.readiness as unknown as Readiness} /> : null}
        </div>
      )}
    </div>
  );
}

/** Detection, once the upload is in the inventory: judged for abuse, or how far along. */
function DetectionStatus({ stage, alertsHref }: { stage: StageProgress; alertsHref: string }) {
  if (stage.state === "done") {
    return (
      <div data-testid="detection-status">
        Judged for abuse: see <Link href={alertsHref}>Alerts</Link>.
      </div>
    );
  }
  if (stage.state !== "running") return null;
  return (
    <Progress
      name="Judging for abuse"
      value={stage.progress}
      label={`judging for abuse: ${Math.floor(stage.progress * 100)}%`}
    />
  );
}
