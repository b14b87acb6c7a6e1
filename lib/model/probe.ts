import type { ProbeReport } from '@/lib/probes/report';
import type { OwnerRefModel } from './snapshot';

/**
 * A node prober's report ConfigMap as the dashboard holds it: parsed, or why
 * not, with the identity facts lib/probes/binding.ts checks before the report
 * may speak for any node.
 */
export interface ProbeModel {
  namespace: string;
  configMapName: string;
  resourceVersion: string;
  /** The node the report names (or, unparsed, the annotation). */
  node: string;
  annotatedNode?: string;
  owners?: OwnerRefModel[];
  report?: ProbeReport;
  error?: string;
}
