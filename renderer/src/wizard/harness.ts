// A page with the camera wizard alone, for its Chromium tests (tests/e2e/wizard-harness/index.html loads it; the app
// never does): `?edit=<camera id>` opens it on a saved camera. What it ends with is written to <body data-outcome>.
import '../zod-csp.ts';
import { mount } from 'svelte';
import type { CameraView } from '../../../preload/contract.ts';
import { createWsApi } from '../api/ws-api.ts';
import CameraWizard from './CameraWizard.svelte';
import { initialLocale, loadAreas, setLocale } from '../lib/i18n.svelte.ts';
import { lazyScreens } from '../lib/lazy-screens.ts';
import '../app.css';

const target = document.getElementById('app');
if (!target) throw new Error('the harness page has no #app element');
const client = createWsApi();
const editId = new URLSearchParams(location.search).get('edit');
let mounted = false;

client.onConnection((state) => {
  if (state !== 'open' || mounted) return;
  mounted = true;
  // The wizard's words first, as the app loads them before it shows the camera editor (main.ts, LazyView.svelte).
  const words = setLocale(initialLocale())
    .catch(() => setLocale('en'))
    .then(() => loadAreas(lazyScreens.cameraEditor.areas));
  void Promise.all([client.api['cameras.list']({}), words]).then(([cameras]) => {
    const camera = editId ? cameras.find((c) => c.id === editId) : undefined;
    mount(CameraWizard, {
      target,
      props: {
        api: client.api,
        camera,
        onDone: (saved: CameraView) => (document.body.dataset.outcome = `saved:${saved.id}`),
        onCancel: () => (document.body.dataset.outcome = 'cancelled'),
      },
    });
  });
});
