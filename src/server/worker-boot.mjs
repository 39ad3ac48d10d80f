// Starts a worker thread whose entry is TypeScript: worker threads do not inherit the tsx
// loader of the main thread (Node 20 applies --import hooks only to new module graphs it
// starts itself), so register it here, then load the real entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
