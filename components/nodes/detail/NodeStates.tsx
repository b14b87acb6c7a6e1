import Link from 'next/link';
import type { ReactNode } from 'react';
import styles from './detail.module.css';
import { inertLine } from '@/components/ui/inert';

/** A URL whose node name Kubernetes could never have accepted: say so instead of searching for it. */
export function InvalidNodeName({ name, reason }: { name: string; reason: string }): ReactNode {
  return (
    <section className={styles.stateBox} role="alert" data-testid="invalid-node-name">
      <h1>Invalid node name</h1>
      <p>
        <code>{inertLine(name)}</code> is not a valid Kubernetes node name: {inertLine(reason)}.
      </p>
      <p><Link prefetch={false} href="/">Back to all nodes</Link></p>
    </section>
  );
}

export function NodeNotFound({ name }: { name?: string }): ReactNode {
  return (
    <section className={styles.stateBox} role="alert" data-testid="node-not-found">
      <h1>Node not found</h1>
      <p>
        {name ? <>The cluster has no node named <code>{inertLine(name)}</code>.</> : 'The cluster has no node of that name.'} It may have been
        removed (scaled down, replaced) since the link was made.
      </p>
      <p><Link prefetch={false} href="/">Back to all nodes</Link></p>
    </section>
  );
}
