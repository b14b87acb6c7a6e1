'use client';

import { useState, type ReactNode } from 'react';
import { SEARCH_MAX } from '@/lib/api/pods';
import styles from './StuckPods.module.css';

/**
 * Search on Enter (or the button), not per key: each search is a request
 * over every stuck pod in the cluster, and a URL entry in the history.
 * Follows the URL's value when it changes (Back, Clear filters), keeping what is typed otherwise.
 */
export function PodsSearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }): ReactNode {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setText(value);
  }
  return (
    <form
      role="search"
      aria-label="Search stuck pods"
      className={styles.search}
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <input
        type="search"
        aria-label="Search pods, nodes, workloads and messages"
        placeholder="Search pods, messages…"
        maxLength={SEARCH_MAX}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="pods-search"
      />
      <button type="submit" data-testid="pods-search-submit">Search</button>
    </form>
  );
}
