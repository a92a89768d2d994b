import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

// Standalone config for lib/geo and lib/ingest/generate (no DB global setup):
//   npx vitest run --config lib/geo/vitest.config.ts
export default defineConfig({
  root: path.resolve(here, "../.."),
  resolve: { alias: { "@": path.resolve(here, "../..") } },
  test: {
    include: ["lib/geo/**/*.test.ts", "lib/ingest/generate/**/*.test.ts"],
    testTimeout: 120_000,
    pool: "forks",
  },
});
