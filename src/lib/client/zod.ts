/**
 * zod for the browser. Our Content-Security-Policy forbids eval, and zod 4 otherwise probes for it
 * with `new Function('')`, which Chromium reports as a CSP violation on every page (Lighthouse
 * best-practices, docs/PERFORMANCE.md). Browser code imports z from here, never from 'zod'.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
