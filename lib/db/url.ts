// The connection string of the database this process uses. `soc` commands that start the
// embedded PostgreSQL set DATABASE_URL for themselves and their children before anything
// touches the database, so every other module can rely on it being present.
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start Mamori through `npm run demo`, `npm start` or `npm run soc -- …`, which use the embedded PostgreSQL when DATABASE_URL is unset.",
    );
  }
  return url;
}

/** Same server, another database name (used to create and drop test databases). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
