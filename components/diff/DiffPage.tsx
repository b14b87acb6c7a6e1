'use client';

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, type ReactNode } from 'react';
import { diffHref, diffKey, diffQuery, parseDiffState, type DiffState, type DiffView } from '@/lib/api/diff';
import { ApiError } from '@/lib/api/queries';
import { CopyActions } from './CopyActions';
import { DiffSides, RevisionNotices } from './DiffSides';
import { DiffToolbar } from './DiffToolbar';
import { FileDiff } from './FileDiff';
import { NodePicker } from './NodePicker';
import { diffMarkdown } from './markdown';
import styles from './Diff.module.css';
import { inertLine } from '@/components/ui/inert';
import { Skeleton } from '@/components/ui/Skeleton';

const pinnedState = (state: DiffState, view: DiffView): DiffState => ({ ...state, base: view.base.node, baseRev: view.base.revision, targetRev: view.target.revision });

function Problem({ title, message }: { title: string; message: string }): ReactNode {
  return (
    <div className={styles.error} role="alert" data-testid="diff-error">
      <strong>{title}</strong>
      <p style={{ margin: '.3rem 0 0' }}>{inertLine(message)}</p>
    </div>
  );
}

function errorTitle(error: Error): string {
  if (!(error instanceof ApiError)) return 'Cannot load the diff';
  if (error.status === 400) return 'Cannot compare these nodes';
  if (error.status === 404) return 'Nothing to compare';
  if (error.body.code === 'unconfigured') return 'No cluster configured';
  return 'Cannot load the diff';
}

/** `/diff`: two nodes' CNI configs compared, all of its state in the URL. */
export function DiffPage(): ReactNode {
  const params = useSearchParams();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const parsed = useMemo(() => parseDiffState(params), [params]);
  const state: DiffState = parsed.ok ? parsed.state : { ignore: true, mode: 'side' };
  const query = useQuery({ ...diffQuery(state), enabled: parsed.ok && !!state.target, placeholderData: keepPreviousData });
  const view = query.data;

  // The server chose the base: write it and the revisions shown into the URL, so the link is stable.
  // Not while a refetch of the unpinned view is in flight (the live stream invalidates every query
  // as it connects): the pinned key would leave it unobserved, and React Query would abort it.
  useEffect(() => {
    if (!parsed.ok || parsed.state.base || !view || query.isPlaceholderData || query.isFetching) return;
    const pinned = pinnedState(parsed.state, view);
    queryClient.setQueryData(diffKey(pinned), view);
    window.history.replaceState(null, '', diffHref(pinned));
  }, [parsed, view, query.isPlaceholderData, query.isFetching, queryClient]);

  // The native history API updates useSearchParams without a server round trip (Next.js App Router);
  // the data follows through the query key.
  const go = (next: DiffState, how: 'push' | 'replace' = 'replace'): void => {
    if (how === 'push') window.history.pushState(null, '', diffHref(next));
    else window.history.replaceState(null, '', diffHref(next));
  };

  if (!parsed.ok) return <Problem title="This diff link is not valid" message={parsed.error} />;
  if (!state.target) return <NodePicker />;
  if (query.isPending) return <Skeleton shape="panes" label="Comparing CNI configs…" />;
  if (query.error && !view) return <Problem title={errorTitle(query.error)} message={query.error.message} />;
  if (!view) return null;

  const now = Date.parse(view.generatedAt);
  const latest = state.baseRev === undefined && state.targetRev === undefined;
  const pinned = pinnedState(state, view);
  // Read at click time: window exists only in the browser, and the link always pins the revisions shown.
  const link = (): string => `${window.location.origin}${pathname}?${diffHref(pinned).split('?')[1] ?? ''}`;
  const missing = view.base.missing ?? view.target.missing;
  const changed = view.files.filter((f) => f.status !== 'unchanged').length;

  return (
    <div className={styles.page} data-testid="diff-page" data-pinned={!latest}>
      {/* Base first, as in the side cards, the panes (base on the left) and the text diff (--- base, +++ target). */}
      <h1 className={styles.title} data-testid="diff-title">CNI config: {inertLine(view.base.node)} (base) → {inertLine(view.target.node)}</h1>
      {view.choice && <p className={styles.choice} data-testid="diff-choice">{view.choice.description.charAt(0).toUpperCase()}{view.choice.description.slice(1)}.</p>}
      <DiffSides base={view.base} target={view.target} now={now} />
      <RevisionNotices sides={[view.base, view.target]} now={now} />
      <DiffToolbar
        mode={state.mode}
        ignore={state.ignore}
        latest={latest}
        onMode={(mode) => go({ ...state, mode })}
        onIgnore={(ignore) => go({ ...state, ignore })}
        onLatest={(on) => go(on ? { ...state, baseRev: undefined, targetRev: undefined } : pinned, 'push')}
      >
        <CopyActions link={link} markdown={() => diffMarkdown(view, link())} />
      </DiffToolbar>
      {/* The dashboard unreachable is the layout's one banner; an answer about this diff is said here. */}
      {query.error instanceof ApiError && <p className="banner warn" role="alert">Could not refresh: {query.error.message}. Showing the last answer.</p>}
      {missing ? (
        <Problem title="A pinned revision is not available" message={`Switch on "Show latest" to compare the nodes' current configs.`} />
      ) : view.files.length === 0 ? (
        <p className="state-msg" data-testid="diff-empty">Neither node has a CNI config file.</p>
      ) : (
        <>
          <p className="muted small" data-testid="diff-count">
            {changed === 0 ? 'The configs are the same' : `${changed} of ${view.files.length} file${view.files.length === 1 ? '' : 's'} differ`}
            {view.ignoreNodeSpecific ? ' (ignoring node names, IPs, MACs, ENI and instance ids)' : ''}.
            {state.mode === 'text' && view.ignoreNodeSpecific ? ' The text view compares the normalised files, so node-specific values appear as placeholders such as <ip>.' : ''}
          </p>
          {view.files.map((f) => <FileDiff key={f.file} file={f} mode={state.mode} base={view.base} target={view.target} />)}
        </>
      )}
    </div>
  );
}
