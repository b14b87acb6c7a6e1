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
};

export default nextConfig;
