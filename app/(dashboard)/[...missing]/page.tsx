import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

export const metadata: Metadata = { title: 'Page not found · cni-health' };

/**
 * Any path no page claims. Without it Next answers from the root layout
 * alone, a bare page without the header; thrown here, the 404 renders inside
 * the dashboard's chrome (../not-found.tsx) with status 404.
 */
export default function Missing(): never {
  notFound();
}
