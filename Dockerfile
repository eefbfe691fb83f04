# One image for web and worker (docker-compose.yml picks the command).
# Not built on the development machines (no Docker engine there): kept simple.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
COPY . .
RUN npm install --no-audit --no-fund \
 && node scripts/prisma-generate.mjs \
 && node_modules/.bin/turbo run build --filter=@lantern/web
ENV NODE_ENV=production
EXPOSE 3000 3001
CMD ["node_modules/.bin/tsx", "packages/db/src/migrate/cli.ts"]
