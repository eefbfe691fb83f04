import { WORKSPACE_HEADER } from "@/lib/workspace-header";

export type UploadOptions = { slug: string; source: string; format: string; logFormat: string; mapping: string };

/**
 * Sends one file as the request body with XMLHttpRequest, the one browser
 * API that reports upload progress. Resolves with the created upload.
 */
export function sendFile(
  file: File,
  options: UploadOptions,
  onProgress: (fraction: number) => void,
): Promise<{ id: string; status: string }> {
  const params = new URLSearchParams({ source: options.source || "uploads", fileName: file.name });
  if (options.format) params.set("format", options.format);
  if (options.logFormat && (options.format === "nginx" || options.format === "apache"))
    params.set("logFormat", options.logFormat);
  if (options.format === "json") params.set("mapping", options.mapping);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/uploads?${params}`);
    xhr.setRequestHeader(WORKSPACE_HEADER, options.slug);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: { id?: string; status?: string; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // fall through to the status check
      }
      if (xhr.status === 202 && body.id) resolve({ id: body.id, status: body.status ?? "RECEIVED" });
      else reject(new Error(body.error?.message ?? `Upload failed (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error("The connection dropped during the upload."));
    xhr.send(file);
  });
}
