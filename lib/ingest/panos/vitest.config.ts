// Standalone config for the PAN-OS parser tests: pure functions, no database,
// so the project config's globalSetup (embedded PostgreSQL) is not needed.
import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "../../..") } },
  test: {
    root: path.resolve(import.meta.dirname, "../../.."),
    include: ["lib/ingest/panos/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
