// Generates the Prisma client. `prisma generate` does not need Prisma's
// native schema engine, but the CLI insists on finding one; a placeholder
// file satisfies it without a download (see README "Database migrations").
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root, run, stateDir } from "./lib/bootstrap.mjs";

const placeholder = join(stateDir, "schema-engine-placeholder");
if (!existsSync(placeholder)) {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(
    placeholder,
    "#!/bin/sh\necho 'Lantern does not use the native schema engine; see README' >&2\nexit 1\n",
    { mode: 0o755 },
  );
}
await run("npx", ["prisma", "generate"], {
  cwd: root,
  env: {
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
