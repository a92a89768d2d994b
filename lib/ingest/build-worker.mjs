// Entry of an ingest worker thread: loads the TypeScript sources through tsx (as bin/soc.mjs
// does for the CLI), then runs build-worker.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const here = path.dirname(fileURLToPath(import.meta.url));
register({ tsconfig: path.join(here, "..", "..", "tsconfig.json") });
await import(path.join(here, "build-worker.ts"));
