import type { ReactNode } from 'react';
import { nodesExportHref } from '@/lib/api/exports';
import { podsExportHref, type PodsListing } from '@/lib/api/pods';
import styles from './StuckPods.module.css';

/** Plain links: the server streams the file with the same filters and order as the list, every matching pod, not only the rows shown. */
export function PodsExport({ listing }: { listing: PodsListing }): ReactNode {
  return (
    <span className={styles.export} data-testid="pods-export">
      <span className="muted">Export</span>
      <a href={podsExportHref(listing, 'csv')} download data-testid="export-pods-csv">CSV</a>
      <a href={podsExportHref(listing, 'json')} download data-testid="export-pods-json">JSON</a>
      <a href={nodesExportHref(['broken'], 'csv')} download data-testid="export-nodes-csv">broken nodes (CSV)</a>
    </span>
  );
}
