// A page with the camera wizard alone, for its Chromium tests (tests/e2e/wizard-harness/index.html loads it; the app
// never does): `?edit=<camera id>` opens it on a saved camera. What it ends with is written to <body data-outcome>.
import '../zod-csp.ts';
import { mount } from 'svelte';
import type { CameraView } from '../../../preload/contract.ts';
import { createWsApi } from '../api/ws-api.ts';
import CameraWizard from './CameraWizard.svelte';
import '../app.css';

const target = document.getElementById('app');
if (!target) throw new Error('the harness page has no #app element');
const client = createWsApi();
const editId = new URLSearchParams(location.search).get('edit');
let mounted = false;

client.onConnection((state) => {
  if (state !== 'open' || mounted) return;
  mounted = true;
  void client.api['cameras.list']({}).then((cameras) => {
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
