// The role table (issue 15, roles): every request of the contract has the least role it needs, checked in one place
// (invokeRequest) before the input is even validated; a viewer's refusal is a sentence with a code.
import { describe, expect, it } from 'vitest';
import { ApiError, PC_OWNER, invokeRequest, requestRoles, requests, roleRefusal, type ApiHandlers, type Caller, type RequestName } from '../../../preload/contract.ts';

const VIEWER: Caller = { role: 'viewer', username: 'staff' };
/** What a viewer may do: live, review (marking events reviewed too), health, who they are. Everything else is the owner's. */
const VIEWER_REQUESTS = [
  'cameras.list',
  'cameras.get',
  'cameras.liveInfo',
  'events.list',
  'events.get',
  'events.days',
  'events.markReviewed',
  'events.unreviewedCounts',
  'activity.range',
  'visitors.list',
  'recordings.spans',
  'recordings.eventFootage',
  'health.get',
  'session.whoami',
];

describe('requestRoles', () => {
  it('names a role for every request of the contract, and no request that is not one', () => {
    const names = Object.keys(requests);
    expect(Object.keys(requestRoles).sort()).toEqual([...names].sort());
    for (const name of names) expect(['viewer', 'owner'], name).toContain(requestRoles[name as RequestName]);
  });

  it('lets a viewer watch and review only', () => {
    const viewerOnes = Object.keys(requests).filter((n) => requestRoles[n as RequestName] === 'viewer');
    expect(viewerOnes.sort()).toEqual([...VIEWER_REQUESTS].sort());
  });

  it('refuses every other request to a viewer with a clear sentence and the code forbidden; the owner passes all', () => {
    for (const name of Object.keys(requests)) {
      expect(roleRefusal(name, PC_OWNER), name).toBeNull();
      const refusal = roleRefusal(name, VIEWER);
      if (VIEWER_REQUESTS.includes(name)) {
        expect(refusal, name).toBeNull();
        continue;
      }
      expect(refusal, name).toBeInstanceOf(ApiError);
      expect(refusal?.code).toBe('forbidden');
      expect(refusal?.message, name).toMatch(/^A viewer account cannot [A-Za-z ,]+: sign in as the owner\.$/);
    }
    expect(roleRefusal('settings.update', VIEWER)?.message).toBe('A viewer account cannot change settings: sign in as the owner.');
    expect(roleRefusal('events.delete', VIEWER)?.message).toBe('A viewer account cannot delete events: sign in as the owner.');
    expect(roleRefusal('cameras.remove', VIEWER)?.message).toBe('A viewer account cannot add, change or remove cameras: sign in as the owner.');
  });

  it('invokeRequest checks the role before the input and the core; an unknown name is still unknown-request', async () => {
    const called: string[] = [];
    const handlers = new Proxy({} as ApiHandlers, {
      get: (_t, name: string) => async (_input: unknown, caller?: Caller) => {
        called.push(`${name}:${caller?.role}`);
        return { ok: true };
      },
    });
    await expect(invokeRequest(handlers, 'settings.update', { nonsense: true }, VIEWER)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(invokeRequest(handlers, 'events.delete', { id: 'e1' }, VIEWER)).rejects.toMatchObject({ code: 'forbidden' });
    expect(called).toEqual([]);
    await invokeRequest(handlers, 'events.list', {}, VIEWER);
    await invokeRequest(handlers, 'events.delete', { id: 'e1' }); // no caller: the PC itself, the owner
    expect(called).toEqual(['events.list:viewer', 'events.delete:owner']);
    await expect(invokeRequest(handlers, 'no.such' as RequestName, {}, VIEWER)).rejects.toMatchObject({ code: 'unknown-request' });
  });
});
