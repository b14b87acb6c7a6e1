import type { DiffSideView, DiffView } from '@/lib/api/diff';

const side = (label: string, s: DiffSideView): string => {
  const where = [s.pool && `pool ${s.pool}`, s.zone].filter(Boolean).join(', ');
  const rev = s.behind ? `revision ${s.revision} (now at ${s.latestRevision})` : `revision ${s.revision}`;
  return `- ${label}: \`${s.node}\`${where ? ` (${where})` : ''}, ${rev}, verdict now **${s.verdict}**`;
};

const MAX_PATHS = 10;

/**
 * A short summary for an incident ticket: the two nodes, the revisions, the
 * verdicts, how the configs differ (base → target, in words) and the main finding. Node names and
 * paths go in code spans; backticks inside them are dropped so they cannot end one.
 */
export function diffMarkdown(view: DiffView, link: string): string {
  const code = (s: string): string => `\`${s.replace(/`/g, '')}\``;
  const changed = view.files.filter((f) => f.status !== 'unchanged');
  // The summary's sentences quote file contents: no backticks or line breaks that could end a span or a list item.
  const plain = (s: string): string => s.replace(/[`\p{Cc}]/gu, '');
  const paths = changed.flatMap((f) =>
    f.json && f.summary.length > 0 ? f.summary.map((s) => `${code(f.file)}: ${plain(s)}`) : [`${code(f.file)} ${f.status}`],
  );
  const finding = view.target.findings[0];
  const lines = [
    `**CNI config diff: ${code(view.base.node)} (base) → ${code(view.target.node)}**`,
    '',
    side('Base', view.base),
    side('Target', view.target),
    ...(view.choice ? [`- Base chosen automatically: ${view.choice.description}`] : []),
    '',
    paths.length === 0
      ? `No differences${view.ignoreNodeSpecific ? ' (node-specific values ignored)' : ''}.`
      : `Differences${view.ignoreNodeSpecific ? ' (node-specific values ignored)' : ''}:`,
    ...paths.slice(0, MAX_PATHS).map((p) => `- ${p}`),
    ...(paths.length > MAX_PATHS ? [`- … and ${paths.length - MAX_PATHS} more`] : []),
    '',
    finding ? `Main finding on ${code(view.target.node)}: ${code(finding.ruleId)} ${finding.title}` : `No findings on ${code(view.target.node)} at revision ${view.target.revision}.`,
    '',
    `Link: ${link}`,
  ];
  return lines.join('\n');
}
