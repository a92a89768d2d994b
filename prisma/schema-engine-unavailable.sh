#!/bin/sh
# Stand-in for Prisma's schema engine, a binary download this project never makes: only
# `prisma generate` runs here, and migrations are applied by `soc db migrate`.
echo "Prisma's schema engine is not installed; use 'npm run soc -- db migrate' to apply migrations." >&2
exit 1
