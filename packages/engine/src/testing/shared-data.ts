// Where ../shared/data (real logs and specs nobody on the team wrote) is, for
// tests and benchmarks. Looked up rather than assumed, because a clone does
// not always sit next to it; missing data fails loudly instead of skipping.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(fileURLToPath(new URL("../../../../", import.meta.url)));

const CANDIDATES = [
  process.env.LANTERN_SHARED_DATA,
  join(repoRoot, "..", "shared", "data"),
  "/work/shared/data",
].filter((p): p is string => Boolean(p));

export function sharedDataDir(): string {
  const found = CANDIDATES.find((dir) => existsSync(join(dir, "README.md")));
  if (!found)
    throw new Error(
      `The shared test data was not found (looked in ${CANDIDATES.join(", ")}). Set LANTERN_SHARED_DATA to its directory.`,
    );
  return found;
}

/** Absolute path of a file in the shared data, e.g. sharedData("real/apache-semicomplete-2015.log"). */
export const sharedData = (relative: string) => join(sharedDataDir(), relative);
