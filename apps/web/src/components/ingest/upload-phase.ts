// One upload's state in one phrase, from its status and its stages: the same
// words in the uploads table and on the upload's card, so the two never
// disagree ("completed" in one while the other still judges for abuse).
import type { StageProgress } from "@lantern/services/pipeline/progress";

export type Phase = { label: string; tone: "ok" | "danger" | "accent" | undefined; busy: boolean };

const STAGE_WORDS: Record<string, string> = {
  ingest: "reading",
  discovery: "adding to the inventory",
  detection: "judging for abuse",
  posture: "judging posture",
};

export function uploadPhase(u: { status: string; stages: StageProgress[] }): Phase {
  if (u.status === "FAILED") return { label: "failed", tone: "danger", busy: false };
  if (u.status === "DUPLICATE") return { label: "duplicate: skipped", tone: "accent", busy: false };
  if (u.status === "RECEIVED") return { label: "queued", tone: undefined, busy: true };
  // The first stage not finished is where it stands; a later stage waiting on it is not news.
  const current = u.stages.find((s) => s.state === "running" || s.state === "waiting");
  if (!current) {
    const failed = u.stages.find((s) => s.state === "failed");
    return failed
      ? { label: `${STAGE_WORDS[failed.stage] ?? failed.stage} failed`, tone: "danger", busy: false }
      : { label: "done", tone: "ok", busy: false };
  }
  const words = STAGE_WORDS[current.stage] ?? current.stage;
  return current.state === "running" && current.progress > 0
    ? { label: `${words} ${Math.floor(current.progress * 100)}%`, tone: undefined, busy: true }
    : { label: current.state === "waiting" ? `waiting to start ${words}` : words, tone: undefined, busy: true };
}
