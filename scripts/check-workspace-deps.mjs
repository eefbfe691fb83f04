// Every package declares what it imports, and imports the workspace packages
// it declares: an undeclared import works only by accident of hoisting (and
// hides which way the layers depend), and an unused workspace dependency
// claims a dependency that is not there. Node built-ins only; `npm test`
// runs it, `node scripts/check-workspace-deps.mjs` alone prints what is wrong.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
// Tools every package's tests and scripts use are the root's (vitest, tsx, @types/node…).
const rootTools = new Set(Object.keys(rootManifest.devDependencies ?? {}));
const SKIP_DIRS = new Set([
  "node_modules",
  "generated",
  ".next",
  "dist",
  "test-results",
  "playwright-report",
  "fixtures",
]);
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s(?:[^"';]*?\sfrom\s)?["']([^"'.][^"']*)["']|import\(\s*["']([^"'.][^"']*)["']\s*\)/g;

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) yield path;
  }
}

/** "@scope/name/sub" → "@scope/name"; "name/sub" → "name". */
const packageOf = (specifier) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
const isBuiltin = (name) => name.startsWith("node:") || builtinModules.includes(name);

function workspaces() {
  return rootManifest.workspaces
    .flatMap((pattern) =>
      pattern.endsWith("/*")
        ? readdirSync(join(root, pattern.slice(0, -2))).map((d) => join(pattern.slice(0, -2), d))
        : [pattern],
    )
    .filter((dir) => {
      try {
        return statSync(join(root, dir, "package.json")).isFile();
      } catch {
        return false;
      }
    });
}

const problems = [];
for (const dir of workspaces()) {
  const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const used = new Map();
  for (const file of sourceFiles(join(root, dir))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const specifier = m[1] ?? m[2];
      // "@/…" is the web app's path alias; a package does not import itself.
      if (specifier.startsWith("@/")) continue;
      const name = packageOf(specifier);
      if (isBuiltin(name) || name === manifest.name) continue;
      if (!used.has(name)) used.set(name, relative(root, file));
    }
  }
  for (const [name, file] of used) {
    if (!declared.has(name) && !rootTools.has(name))
      problems.push(`${manifest.name} imports ${name} (${file}) without declaring it in ${dir}/package.json`);
  }
  for (const name of declared) {
    if (name.startsWith("@lantern/") && !used.has(name))
      problems.push(`${manifest.name} declares ${name} in ${dir}/package.json but never imports it`);
  }
}

if (problems.length) {
  console.error(
    `workspace dependencies: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n- ${problems.join("\n- ")}`,
  );
  process.exit(1);
}
console.log("workspace dependencies: every import declared, every workspace dependency used");
