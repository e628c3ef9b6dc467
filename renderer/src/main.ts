// The page's entry: one connection to the NVR (the desktop bridge or the WebSocket), the theme, and the app.
import './zod-csp.ts';
import { mount } from 'svelte';
import App from './App.svelte';
import { pickClient } from './api/client.ts';
import { applyTheme, loadTheme } from './lib/theme.ts';
import './app.css';

applyTheme(loadTheme());
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { client: pickClient() } });
