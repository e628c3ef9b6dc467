// The page's entry: one connection to the NVR, handed to the first page.
import './zod-csp.ts';
import { mount } from 'svelte';
import App from './App.svelte';
import { createWsApi } from './api/ws-api.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { client: createWsApi() } });
