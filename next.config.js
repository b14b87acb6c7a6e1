// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // client-node pulls in optional native and websocket modules; keep it out of
  // the server bundle and load it from node_modules at run time.
  serverExternalPackages: ['@kubernetes/client-node'],
  // The container image (Dockerfile) runs the standalone server; `npm start`
  // and the e2e suite keep `next start`, which standalone output does not serve.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
};

export default nextConfig;
