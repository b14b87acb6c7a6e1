import type { ReactNode } from 'react';

export default function Loading(): ReactNode {
  return <p className="state-msg" role="status">Loading the audit log…</p>;
}
