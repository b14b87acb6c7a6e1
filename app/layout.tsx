import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Header } from '@/components/cluster/Header';
import { SyncBanners } from '@/components/live/SyncBanners';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'cni-health',
  description: 'Per-node CNI health of a Kubernetes cluster',
};

export default function RootLayout({ children }: { children: ReactNode }): ReactNode {
  return (
    <html lang="en">
      <body>
        <Providers>
          <Header />
          <SyncBanners />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
