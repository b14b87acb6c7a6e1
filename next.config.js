// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A custom server that compresses itself (server/compress.ts: the grid once
  // per version instead of per request) sets this before starting Next; read
  // at server start, not at build time.
  compress: process.env.CNI_HEALTH_COMPRESSION !== 'server',
  // client-node pulls in optional native and websocket modules; keep it out of
  // the server bundle and load it from node_modules at run time.
  serverExternalPackages: ['@kubernetes/client-node'],
  // The dashboard's own server (server/security-headers.ts) sets these and a
  // per-request CSP on every response; these repeat the static ones for
  // `next dev`/`next start` without it. No CSP here: it would replace the
  // server's, whose nonce Next puts on its scripts.
  async headers() {
    return [{
      source: '/:path*',
      headers: [
        { key: 'X-Frame-Options', value: 'DENY' },
        { key: 'X-Content-Type-Options', value: 'nosniff' },
        { key: 'Referrer-Policy', value: 'no-referrer' },
      ],
    }];
  },
};

export default nextConfig;
