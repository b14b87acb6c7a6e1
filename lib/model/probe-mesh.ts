/**
 * The probe mesh ConfigMap as the dashboard holds it (lib/probes/mesh-set.ts):
 * the chosen nodes, or why the set was refused.
 */
export interface ProbeMeshModel {
  namespace: string;
  name: string;
  resourceVersion: string;
  nodes: string[];
  error?: string;
}
