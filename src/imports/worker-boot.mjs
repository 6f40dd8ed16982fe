// A worker thread starts without the tsx loader that bin/lao-info.js (or `node --import tsx`) gave the main
// thread: register it here, then load the TypeScript worker (./parse-pool.ts starts this file).
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
