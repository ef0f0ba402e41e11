import { z } from "zod";

// In browsers the app and the widget run under a CSP without 'unsafe-eval'. zod's optional JIT probes for eval with
// `new Function("")` on first parse, which the browser reports as a CSP violation; jitless skips the probe.
if (typeof document !== "undefined") z.config({ jitless: true });

export { z };
