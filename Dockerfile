FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends fonts-ipaexfont-gothic poppler-utils && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
# The build loads server modules, which want a DATABASE_URL; it never connects.
RUN DATABASE_URL=postgresql://build:build@127.0.0.1:1/build npx next build
RUN mkdir -p /data/uploads
