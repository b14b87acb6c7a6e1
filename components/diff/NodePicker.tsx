'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { diffHref } from '@/lib/api/diff';
import { gridQuery } from '@/lib/api/queries';
import styles from './Diff.module.css';
import { inertLine } from '@/components/ui/inert';

/** `/diff` without a target: choose the node to examine (worst first), and optionally the one to compare with. */
export function NodePicker(): ReactNode {
  const { data, error, isPending } = useQuery(gridQuery());
  const router = useRouter();
  const [target, setTarget] = useState('');
  const [base, setBase] = useState('');
  if (isPending) return <p className="state-msg" role="status">Loading nodes…</p>;
  if (error && !data) return <p className="state-msg error" role="alert">Cannot load nodes: {error.message}</p>;
  const nodes = data.nodes;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const t = target || nodes[0]?.name;
    if (t) router.push(diffHref({ target: t, base: base || undefined, ignore: true, mode: 'side' }));
  };
  return (
    <form className={styles.page} onSubmit={submit} data-testid="diff-picker">
      <h1 className={styles.title}>Compare CNI configs</h1>
      <p className="muted">Pick the node to examine. Leave the reference empty and the dashboard picks the nearest healthy node of the same pool.</p>
      <div className={styles.toolbar}>
        <label>Node{' '}
          <select value={target} onChange={(e) => setTarget(e.target.value)} required={nodes.length > 0}>
            <option value="">choose…</option>
            {nodes.map((n) => <option key={n.name} value={n.name}>{inertLine(n.name)} ({n.verdict})</option>)}
          </select>
        </label>
        <label>Compare with{' '}
          <select value={base} onChange={(e) => setBase(e.target.value)}>
            <option value="">nearest healthy node</option>
            {nodes.filter((n) => n.verdict === 'healthy' && n.name !== target).map((n) => <option key={n.name} value={n.name}>{inertLine(n.name)}</option>)}
          </select>
        </label>
        <button type="submit" className={styles.button} disabled={nodes.length === 0}>Compare</button>
      </div>
    </form>
  );
}
