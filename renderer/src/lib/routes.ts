// Hash routes: #/live, #/live/<cameraId>, #/review (the Review & playback screen; the old #/timeline lands there), #/events/<id>, #/exports, #/settings, #/health. The desktop shell's
// notification click opens #/events/<id>. Anything else lands on the live view.
export type Route =
  | { view: 'live'; cameraId: string | null }
  | { view: 'timeline' }
  | { view: 'event'; eventId: string }
  | { view: 'exports' }
  | { view: 'settings' }
  | { view: 'health' };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').split('?')[0] ?? '';
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  const [head, arg] = parts;
  switch (head) {
    case 'live':
      return { view: 'live', cameraId: arg && ID.test(arg) ? arg : null };
    case 'review':
    case 'timeline':
      return { view: 'timeline' };
    case 'events':
      return arg && ID.test(arg) ? { view: 'event', eventId: arg } : { view: 'timeline' };
    case 'exports':
      return { view: 'exports' };
    case 'settings':
      return { view: 'settings' };
    case 'health':
      return { view: 'health' };
    default:
      return { view: 'live', cameraId: null };
  }
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'live':
      return route.cameraId ? `#/live/${encodeURIComponent(route.cameraId)}` : '#/live';
    case 'timeline':
      return '#/review';
    case 'event':
      return `#/events/${encodeURIComponent(route.eventId)}`;
    case 'exports':
      return '#/exports';
    case 'settings':
      return '#/settings';
    case 'health':
      return '#/health';
  }
}
