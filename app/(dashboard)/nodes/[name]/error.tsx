'use client';

import type { ReactNode } from 'react';

/** An unexpected failure rendering the node page: say so, offer a retry, show no stack. */
export default function NodeError({ reset }: { error: Error & { digest?: string }; reset: () => void }): ReactNode {
  return (
    <div className="state-msg error" role="alert" data-testid="node-page-error">
      <strong>This node page failed to render.</strong>
      <p><button type="button" onClick={reset}>Try again</button></p>
    </div>
  );
}
