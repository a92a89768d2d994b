-- A chunk's data is brotli-compressed original lines (ingest.ts): PostgreSQL's own compression
-- of it (pglz) never gains anything, yet it tried on every chunk (about 1% of the machine's
-- CPU in an ingest, perf). EXTERNAL: moved out of line as it is, without trying.
ALTER TABLE "ingest_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
