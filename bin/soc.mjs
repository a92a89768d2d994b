#!/usr/bin/env node
// Entry point of the `soc` CLI: loads the TypeScript sources through tsx so the CLI and the
// web app share one code base without a separate build step.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(path.join(root, "lib/cli/main.ts"));
