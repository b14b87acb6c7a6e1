// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // client-node pulls in optional native and websocket modules; keep it out of
  // the server bundle and load it from node_modules at run time.
  serverExternalPackages: ['@kubernetes/client-node'],
};

export default nextConfig;
