/** Who the dashboard's API calls run as for one request: shared by the transport and the views. */
export interface IdentityView {
  /** Who the API calls run as, e.g. `admin`, `alice@example.com`, or the kubeconfig user. */
  user: string;
  source: 'kubeconfig' | 'demo' | 'in-cluster' | 'token' | 'proxy';
  /** The sign-in mode (docs/security.md). */
  mode: 'demo' | 'local' | 'read-only' | 'token' | 'proxy';
  /** Token and proxy mode: the groups the API server (or the proxy) gave. */
  groups?: string[];
  /** Demo only: the identities one may switch between. */
  choices?: string[];
  /** Token mode: the session can be ended from the UI. */
  canSignOut?: boolean;
}
