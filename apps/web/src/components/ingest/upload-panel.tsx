"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { formatBytes } from "@lantern/services/format-bytes";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Progress } from "@/components/ui/progress";
import { useWorkspace } from "@/components/shell/workspace-context";
import { useTRPC } from "@/lib/trpc";
import { sendFile } from "./send-file";
import { UploadResult } from "./upload-result";

type Item = { key: string; file: File; sent: number; uploadId?: string; error?: string };

/** Drag-and-drop upload of one or many files (plain or .gz), each with its upload and processing progress. */
export function UploadPanel() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formats = useQuery(trpc.uploads.formats.queryOptions());
  const [items, setItems] = useState<Item[]>([]);
  const [active, setActive] = useState(false);
  const [source, setSource] = useState("uploads");
  const [format, setFormat] = useState("");
  const [logFormat, setLogFormat] = useState("");
  const [mapping, setMapping] = useState("");
  const input = useRef<HTMLInputElement>(null);

  const patch = (key: string, change: Partial<Item>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));

  async function start(files: FileList | File[]) {
    const added = [...files].map((file) => ({ key: `${file.name}-${file.size}-${Math.random()}`, file, sent: 0 }));
    setItems((all) => [...added, ...all]);
    // One at a time: the worker processes in order anyway, and the bandwidth goes to one file.
    for (const item of added) {
      try {
        const upload = await sendFile(item.file, { slug: ws.slug, source, format, logFormat, mapping }, (sent) =>
          patch(item.key, { sent }),
        );
        patch(item.key, { sent: 1, uploadId: upload.id });
        void queryClient.invalidateQueries({ queryKey: trpc.uploads.list.queryKey() });
      } catch (error) {
        patch(item.key, { error: (error as Error).message });
      }
    }
  }

  return (
    <Card title="Upload access logs">
      <div className="row" style={{ alignItems: "flex-start" }}>
        <div style={{ flex: 1, minWidth: 200 }}>
          <Field
            id="source"
            label="Data source"
            hint="Which server or gateway the logs come from, e.g. nginx-edge"
            value={source}
            onChange={(e) => setSource(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="format">Format</label>
          <select id="format" value={format} onChange={(e) => setFormat(e.target.value)}>
            <option value="">Detect automatically</option>
            {formats.data?.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {(format === "nginx" || format === "apache") && (
        <div className="field">
          <label htmlFor="logFormat">{format === "nginx" ? "Your log_format directive" : "Your LogFormat line"}</label>
          <textarea
            id="logFormat"
            value={logFormat}
            onChange={(e) => setLogFormat(e.target.value)}
            placeholder={
              format === "nginx"
                ? `log_format api '$remote_addr [$time_iso8601] "$request" $status …';`
                : `LogFormat "%h %l %u %t \\"%r\\" %>s %b" common`
            }
          />
        </div>
      )}
      {format === "json" && (
        <div className="field">
          <label htmlFor="mapping">Field mapping (JSON)</label>
          <textarea
            id="mapping"
            value={mapping}
            onChange={(e) => setMapping(e.target.value)}
            placeholder={`{"time": "timestamp", "method": "verb", "path": "uri", "status": "code", "peerIp": "client.ip"}`}
          />
          <span className="hint">
            Event field → where each line keeps it (dot paths). Detection guesses this for you; correct it here.
          </span>
        </div>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: the drop zone holds the file input, which a <button> may not contain */}
      <div
        className="dropzone"
        data-active={active}
        role="button"
        tabIndex={0}
        onClick={() => input.current?.click()}
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setActive(true);
        }}
        onDragLeave={() => setActive(false)}
        onDrop={(e) => {
          e.preventDefault();
          setActive(false);
          void start(e.dataTransfer.files);
        }}
      >
        Drop log files here, or click to choose. Plain or .gz, up to 2 GB each.
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Choose log files"
          onChange={(e) => e.target.files && void start(e.target.files)}
        />
      </div>
      {items.map((item) => (
        <div key={item.key} className="upload-row" data-testid="upload-item">
          <div className="row" style={{ justifyContent: "space-between" }}>
            <strong>{item.file.name}</strong>
            <span className="muted">{formatBytes(item.file.size)}</span>
          </div>
          {!item.uploadId && !item.error && (
            <Progress name="Upload" value={item.sent} label={`uploading: ${Math.round(item.sent * 100)}%`} />
          )}
          {item.error && (
            <div className="form-error" role="alert">
              {item.error}
            </div>
          )}
          {item.uploadId && <UploadResult uploadId={item.uploadId} />}
        </div>
      ))}
      {items.length > 0 && (
        <Button small onClick={() => setItems([])}>
          Clear
        </Button>
      )}
    </Card>
  );
}
