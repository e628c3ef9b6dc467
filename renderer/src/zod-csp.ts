// Imported first by main.ts, before anything loads the contract: zod's schemas otherwise probe `new Function` while
// they are built, which the page's Content-Security-Policy (no eval) reports as a violation in the console.
import { config } from 'zod';

config({ jitless: true });
