import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The dependency direction of ../shared/STYLE.md, enforced: the browser side
// never reaches the cluster client, and nothing imports from app/.
const noClusterFromUi = {
  patterns: [
    { group: ['@/lib/k8s', '@/lib/k8s/*', '**/lib/k8s/*'], message: 'Only route handlers and lib/views talk to the cluster (lib/k8s).' },
    { group: ['@/app/*', '**/app/*'], message: 'Nothing imports from app/.' },
    { group: ['@/demo/*', '**/demo/*'], message: 'The demo cluster is a separate process; reach it over HTTP only.' },
  ],
};
const pureDomain = {
  patterns: [
    ...noClusterFromUi.patterns,
    { group: ['react', 'react-dom', 'next', 'next/*', '@tanstack/*'], message: 'Domain modules are pure: no React, no framework.' },
    { group: ['node:fs', 'node:fs/*', 'node:http', 'node:https', 'node:net', 'fs', 'http', 'https', 'net', '@kubernetes/client-node'], message: 'Domain modules do no I/O.' },
    { group: ['@/lib/views', '@/lib/views/*'], message: 'Domain modules do not depend on the server view layer.' },
  ],
};

// lib/k8s is the transport: it talks to the cluster and projects what it reads
// into lib/model's shapes. It reads the snapshot ConfigMap's wire format
// (lib/cni/snapshot.ts, the one schema producers and consumers share) and
// nothing else of the domain, the plans or the views.
const transportOnly = {
  patterns: [
    { group: ['@/app/*', '**/app/*', '@/components/*'], message: 'The transport imports no pages or components.' },
    { group: ['@/lib/api', '@/lib/api/*', '@/lib/views', '@/lib/views/*'], message: 'lib/k8s is the transport: view contracts live above it (shared types go in lib/model).' },
    { group: ['@/lib/remediation', '@/lib/remediation/*', '@/lib/health', '@/lib/health/*', '@/lib/timeline', '@/lib/timeline/*'], message: 'lib/k8s is the transport: no domain or remediation code (shared types and constants go in lib/model).' },
    { group: ['@/lib/cni/*', '!@/lib/cni/snapshot'], message: 'lib/k8s reads only the snapshot wire format (lib/cni/snapshot) of lib/cni.' },
    { group: ['@/lib/probes/*', '!@/lib/probes/report', '!@/lib/probes/names', '!@/lib/probes/mesh-set'], message: 'lib/k8s reads only the probe wire formats (lib/probes/report, names, mesh-set) of lib/probes.' },
  ],
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', 'dist/**', '.demo/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['components/**', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', noClusterFromUi],
      // Every page is rendered per request (its CSP nonce, its user's data): a prefetch of one is
      // read up to a byte limit and then cancelled by Next's router (net::ERR_ABORTED in the
      // console, a server render for nothing, 5,000 of them for a fleet of node links).
      'no-restricted-syntax': ['error', {
        selector: "JSXOpeningElement[name.name='Link']:not(:has(JSXAttribute[name.name='prefetch']))",
        message: 'Links to pages take prefetch={false}: every page is dynamic, and its prefetch is cut off (net::ERR_ABORTED).',
      }],
    },
  },
  {
    // Pages reach cluster data only through the page access decision (lib/views/page-data.ts):
    // a page and its layout render in parallel, so each page must ask itself.
    files: ['app/(dashboard)/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [
      ...noClusterFromUi.patterns,
      { group: ['@/lib/views/*', '!@/lib/views/page-data', '**/lib/views/*', '!**/lib/views/page-data'], message: 'Pages get cluster data from lib/views/page-data.ts only, after the access decision.' },
    ] }] },
  },
  {
    files: ['lib/k8s/**'],
    ignores: ['lib/k8s/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', transportOnly] },
  },
  {
    files: ['lib/cni/**', 'lib/health/**', 'lib/timeline/**', 'lib/model/**', 'lib/probes/**'],
    rules: { 'no-restricted-imports': ['error', pureDomain] },
  },
  {
    // Contracts shared by routes and UI: query options may use TanStack Query, nothing server-side.
    files: ['lib/api/**'],
    rules: { 'no-restricted-imports': ['error', noClusterFromUi] },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**'],
    rules: { 'no-restricted-syntax': ['error',
      { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' },
      { selector: "CallExpression[callee.property.name='skip']", message: 'No skipped tests.' },
      { selector: "CallExpression[callee.property.name='waitForTimeout']", message: 'Wait for a condition, not for time.' },
    ] },
  },
];

export default config;
