// Reads a spooled upload as a stream of bytes, decompressing gzip when the
// file starts with gzip's magic bytes, and counts the file bytes consumed
// (for the progress bar).
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { Transform, type Readable } from "node:stream";

export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** `gzip` when the caller has already read the file's magic bytes (isGzip). */
export async function openUpload(
  path: string,
  onFileBytes: (n: number) => void = () => {},
  gzip?: boolean,
): Promise<Readable> {
  gzip ??= await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  // Counted in a pass-through: a 'data' listener would switch the stream to
  // flowing mode and race the caller's async iteration for chunks.
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      onFileBytes(chunk.length);
      done(null, chunk);
    },
  });
  file.on("error", (e) => counter.destroy(e));
  file.pipe(counter);
  if (!gzip) return counter;
  const gunzip = createGunzip();
  counter.on("error", (e) => gunzip.destroy(e));
  return counter.pipe(gunzip);
}

/** The first `maxBytes` of the (decompressed) content, for format detection. */
export async function readHead(path: string, maxBytes = 256 * 1024): Promise<string> {
  const stream = await openUpload(path);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= maxBytes) break;
    }
  } catch {
    // A truncated .gz still has a readable head; the full read reports the damage.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
}
