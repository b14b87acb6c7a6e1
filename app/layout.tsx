import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'cni-health',
  description: 'Per-node CNI health of a Kubernetes cluster',
};

/**
 * Rendered per request, every page: each response's scripts carry that
 * response's CSP nonce (server/security-headers.ts), which a page rendered
 * once at build time could not.
 */
export default async function RootLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>
          {children}
        </Providers>
      </body>
    </html>
  );
}
