import 'server-only';
import type { BulkOffersView } from '@/lib/api/bulk';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';
import { bulkOffers } from '@/lib/remediation/bulk-plan';
import { sha256Hex } from '@/lib/remediation/preview';
import { bulkFleet } from './bulk-fleet';

/** The findings the fleet page offers to repair on every node at once. */
export function bulkOffersView(cache: ClusterCache, user: UserContext, namespace: string): BulkOffersView {
  // Planning only to count the nodes each offer can repair: nothing is sent.
  const req = { id: 'offer', at: new Date().toISOString(), by: user.identity.user, namespace, sha256Hex };
  return { enabled: user.mayMutate, disabledReason: user.disabledReason, offers: bulkOffers(bulkFleet(cache).all(), req) };
}
