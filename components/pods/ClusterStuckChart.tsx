'use client';

import type { ReactNode } from 'react';
import { StackedTimeChart } from '@/components/charts/StackedTimeChart';
import type { StuckSeriesView } from '@/lib/api/pods';
import { formatDuration } from '@/components/ui/time';
import { seriesSentence } from './summary';
import styles from './StuckPods.module.css';

/** Stuck pods per node over the last hours, rebuilt from pods and events on every request, so a restart loses nothing. */
export function ClusterStuckChart({ chart, filtered }: { chart: StuckSeriesView; filtered: boolean }): ReactNode {
  const sentence = seriesSentence(chart);
  const span = formatDuration(chart.to - chart.from);
  return (
    <section className={styles.chart} aria-labelledby="cluster-chart-title" data-testid="cluster-chart" data-pods={chart.pods}>
      <h2 id="cluster-chart-title" className={styles.chartTitle}>
        Stuck pods per node, last {span}{filtered ? ' (filtered)' : ''}
        <span className="muted small"> · {formatDuration(chart.bucketMs)} buckets</span>
      </h2>
      {chart.series.length > 0 && (
        <StackedTimeChart label={`Stuck pods per node over the last ${span}. ${sentence}`} buckets={chart.buckets} end={chart.to} series={chart.series.map((s) => ({ key: s.key, label: s.key, values: s.values }))} />
      )}
      <p className="muted small" data-testid="cluster-chart-summary">{sentence}</p>
    </section>
  );
}
