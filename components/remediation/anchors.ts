/** The element id of an action's row in a remediation panel: the findings' "Fix:" links point at it. */
export function actionAnchor(id: string): string {
  return `action-${id.replace(/[^a-z0-9-]/g, '-')}`;
}
