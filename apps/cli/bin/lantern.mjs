#!/usr/bin/env node
// `npx lantern …`: runs the TypeScript CLI through tsx, like the apps.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
