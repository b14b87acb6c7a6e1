import Link from 'next/link';
import type { ReactNode } from 'react';

/** A page the dashboard does not have. The path is not echoed: it is whatever a link or a person typed. */
export default function NotFound(): ReactNode {
  return (
    <section className="state-msg" role="alert" data-testid="page-not-found">
      <h1>Page not found</h1>
      <p>The dashboard has no page at this address. The link may be mistyped, or from another tool.</p>
      <p>
        <Link prefetch={false} href="/">All nodes</Link> · <Link prefetch={false} href="/pods">Stuck pods</Link> · <Link prefetch={false} href="/audit">Audit log</Link>
      </p>
    </section>
  );
}
