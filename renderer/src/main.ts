// The page's entry: one connection to the NVR (the desktop bridge or the WebSocket), the theme, the language, and the app.
import './zod-csp.ts';
import { mount } from 'svelte';
import App from './App.svelte';
import { pickClient } from './api/client.ts';
import { applyTheme, loadTheme } from './lib/theme.ts';
import { initialLocale, setLocale } from './lib/i18n.svelte.ts';
import './app.css';

applyTheme(loadTheme());
// The language's words are loaded before the first paint, so no screen ever shows in one language and then another.
await setLocale(initialLocale()).catch(() => setLocale('en'));
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { client: pickClient() } });
