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
    rules: { 'no-restricted-imports': ['error', noClusterFromUi] },
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
    files: ['lib/cni/**', 'lib/health/**', 'lib/timeline/**', 'lib/model/**'],
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
