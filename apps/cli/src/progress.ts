/** A one-line progress bar on stderr (redrawn in place on a terminal, one line per update otherwise). */
export function progressBar(label: string, fraction: number, detail: string): void {
  const width = 30;
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${detail}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
  else process.stderr.write(`${line}\n`);
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write("\n");
}
