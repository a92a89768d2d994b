import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

// `npm test` creates the database once for vitest and Playwright and passes it in
// MAMORI_TEST_DATABASE_URL; a bare `npx vitest` makes its own and drops it afterwards.
export default async function setup(project: TestProject) {
  if (process.env.MAMORI_TEST_DATABASE_URL) {
    project.provide("databaseUrl", process.env.MAMORI_TEST_DATABASE_URL);
    return;
  }
  const db = await createTestDatabase((m) => console.error(m));
  project.provide("databaseUrl", db.url);
  return () => db.dispose();
}
