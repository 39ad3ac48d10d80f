// Imported first by the worker and the page: zod compiles fast object parsers with `new Function`
// only after probing whether it may, and under the server's Content-Security-Policy (no
// 'unsafe-eval') that probe itself is reported as a violation on the console. Told up front,
// zod parses without compiling (the same results, a little slower) and never probes.
import { config } from "zod";

config({ jitless: true });
