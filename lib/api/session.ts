/** Token-mode sign-in and sign-out, as the browser calls them (app/api/session). */
import { postJson } from './remediation';

export interface SignedInView { user: string; groups: string[]; expiresAt: string }

export const signIn = (token: string): Promise<SignedInView> => postJson('/api/session', { token });
export const signOut = (): Promise<{ signedOut: true }> => postJson('/api/session/sign-out', {});
