// Why the WebSocket could not open, asked of the page's own address (a refused WebSocket upgrade tells the page
// nothing): the NVR is down (fetch fails), the session is gone and this is another device (the NVR sends it to
// /login), the session is gone on the PC (the NVR answers 401: a new `?token=` link is needed), or the session is
// fine (the socket failed for another reason: retry).
export type SessionCheck = 'ok' | 'login' | 'signed-out' | 'down';

export async function checkSession(base = ''): Promise<SessionCheck> {
  try {
    const res = await fetch(`${base}/`, { redirect: 'manual', cache: 'no-store', credentials: 'same-origin' });
    // A redirect (opaque to the page) is the NVR sending a signed-out visitor to /login.
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) return 'login';
    if (res.status === 401) return 'signed-out';
    return 'ok';
  } catch {
    return 'down';
  }
}
