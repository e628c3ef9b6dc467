// Who this page is signed in as (issue 15, roles): asked with session.whoami on each (re)connection. A viewer's page
// hides what only the owner may do (settings, camera changes, deleting, exports); hiding is a convenience, the NVR
// checks every request itself (contract.ts's requestRoles). One instance, `session`; App.svelte connects it.
import type { Role } from '../../../preload/contract.ts';
import type { BrowserApi } from '../api/ws-api.ts';
import { hasRequest } from '../api/client.ts';

export class SessionState {
  /** null until the NVR answered (owner-only actions stay hidden until then only for a page known to be a viewer's). */
  role = $state<Role | null>(null);
  username = $state<string | null>(null);
  /** A viewer account: live and review only. */
  readonly viewer = $derived(this.role === 'viewer');

  connect(client: BrowserApi): () => void {
    return client.onConnection((state) => {
      if (state !== 'open' || !hasRequest('session.whoami')) return;
      client.api['session.whoami']({}).then(
        (who) => {
          this.role = who.role;
          this.username = who.username;
        },
        () => undefined, // an older NVR without roles: everything shows, as before
      );
    });
  }
}

export const session = new SessionState();
