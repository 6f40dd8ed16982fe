# lao-info as a container image. Build: docker build -t lao-info .
# Run:   docker run -p 3000:3000 -v lao-info-data:/var/lib/lao-info lao-info            (embedded SQLite)
#        docker run -p 3000:3000 -e DATABASE_URL=postgres://… lao-info                    (PostgreSQL)
# The app runs from its TypeScript sources through tsx (no build step), as it does from a checkout.

# Build stage: a compiler for the native modules (argon2, better-sqlite3) in case no prebuilt binary fits.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY public ./public
COPY tsconfig.json ./

# Runtime stage: no compiler, an unprivileged user, the data directory as a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/lao-info \
    DEMO=off
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /var/lib/lao-info && chown node:node /var/lib/lao-info
USER node
VOLUME ["/var/lib/lao-info"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node is the container's first process (no npm in between): SIGTERM reaches the server, which closes gracefully.
STOPSIGNAL SIGTERM
CMD ["node", "bin/lao-info.js", "serve"]
