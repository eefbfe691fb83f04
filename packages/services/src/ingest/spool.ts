// Streams an incoming file to the spool directory, hashing it on the way,
// and stops at the size limit instead of filling the disk.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "../errors";
import { formatBytes } from "../format-bytes";

export type SpooledFile = { path: string; sizeBytes: number; sha256: string };

export async function spoolToDisk(
  source: Readable,
  dataDir: string,
  tenantId: string,
  maxBytes: number,
): Promise<SpooledFile> {
  const dir = join(dataDir, "uploads", tenantId);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${Date.now()}-${randomBytes(6).toString("hex")}.log`);
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes)
        return done(
          new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the limit of ${formatBytes(maxBytes)}.`),
        );
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, sizeBytes: size, sha256: hash.digest("hex") };
}
