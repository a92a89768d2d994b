import { inject } from "vitest";

// Runs in every test worker before the test file: point lib/db at the run's database.
process.env.DATABASE_URL = inject("databaseUrl");
