// Where the shared test data (real logs and specs nobody on the team wrote)
// is, for tests and benchmarks: the directory LANTERN_SHARED_DATA names, else
// ../shared/data beside the clone. Missing data fails loudly instead of
// skipping (npm test checks it before anything runs).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(fileURLToPath(new URL("../../../../", import.meta.url)));

export function sharedDataDir(): string {
  const dir = process.env.LANTERN_SHARED_DATA || join(repoRoot, "..", "shared", "data");
  if (!existsSync(join(dir, "README.md"))) {
    throw new Error(`The shared test data was not found in ${dir}. Set LANTERN_SHARED_DATA to its directory.`);
  }
  return dir;
}

/** Absolute path of a file in the shared data, e.g. sharedData("real/apache-semicomplete-2015.log"). */
export const sharedData = (relative: string) => join(sharedDataDir(), relative);
