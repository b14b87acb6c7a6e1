# syntax=docker/dockerfile:1
# The cni-health dashboard: Next.js standalone output on distroless Node 20,
# as a non-root user. Build from the repository root:
#   docker build -t cni-health-dashboard:0.1.0 .
# Not built in this repository's CI (no Docker engine there); see docs/install.md.

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# No install scripts: nothing here needs one (esbuild ships its binary as an optional dependency).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
# next.config.js switches to `output: 'standalone'` only when asked, so `npm start` keeps using `next start`.
RUN NEXT_OUTPUT=standalone npx next build

FROM gcr.io/distroless/nodejs20-debian12:nonroot
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
# server.js, the traced node_modules (client-node included: it is a serverExternalPackage) and .next/server.
COPY --from=build --chown=65532:65532 /src/.next/standalone ./
# The standalone output does not include the static assets; the server serves them from here.
COPY --from=build --chown=65532:65532 /src/.next/static ./.next/static
USER 65532:65532
EXPOSE 3000
# The distroless entrypoint is node itself.
CMD ["server.js"]
