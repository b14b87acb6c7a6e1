# syntax=docker/dockerfile:1
# The cni-health dashboard: the Next.js production build behind its own
# server (server/main.ts, bundled by esbuild), on distroless Node 20, as a
# non-root user. Build from the repository root:
#   docker build -t cni-health-dashboard:0.1.0 .
# CI builds it with buildah from bases it makes itself, passed as the two
# build arguments (scripts/images/, docs/install.md); the defaults are the
# public bases.
ARG BUILD_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# No install scripts: nothing here needs one (esbuild ships its binary as an optional dependency).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npx next build
# The custom server in one file; next and the other packages stay in node_modules.
RUN npx esbuild server/main.ts --bundle --platform=node --target=node20 --format=esm \
      --packages=external --outfile=dist/server.mjs
# Runtime dependencies only.
RUN npm prune --omit=dev --no-audit --no-fund --ignore-scripts

FROM ${RUNTIME_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    CNI_HEALTH_HOST=0.0.0.0
COPY --from=build --chown=65532:65532 /src/package.json /src/next.config.js ./
COPY --from=build --chown=65532:65532 /src/node_modules ./node_modules
COPY --from=build --chown=65532:65532 /src/.next ./.next
COPY --from=build --chown=65532:65532 /src/dist/server.mjs ./dist/server.mjs
USER 65532:65532
EXPOSE 3000
# In a cluster without CNI_HEALTH_AUTH the dashboard is read-only; with
# CNI_HEALTH_AUTH=token or proxy people sign in (docs/security.md).
# The distroless entrypoint is node itself.
CMD ["dist/server.mjs"]
