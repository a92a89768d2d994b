import path from "node:path";
import { defineConfig } from "prisma/config";

// The schema engine is a binary download, which this project never makes (offline installs):
// point Prisma at a stand-in so `prisma generate` does not try.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("prisma/schema-engine-unavailable.sh");

// Only `prisma generate` runs here (no schema engine offline); migrations are applied by `soc db migrate`.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/mamori" },
});
