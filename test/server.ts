import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { ensureDefaultCatalog } from '../src/catalog/catalog.service.ts';
import type { Db } from '../src/db/connection.ts';
import { loadRegistry } from '../src/registry/registry.service.ts';
import { freshDb, testConfig } from './harness.ts';

/** A real HTTP server on 127.0.0.1 and a random port, on a fresh SQLite database, for browser journeys. */
export async function startTestServer(setup?: (db: Db, app: FastifyInstance) => Promise<void>) {
  const fresh = await freshDb('sqlite');
  await loadRegistry(fresh.db.kysely);
  await ensureDefaultCatalog(fresh.db.kysely, [2568, 2569, 2570]);
  const config = testConfig(fresh.target);
  const app = await buildApp({ config, db: fresh.db }, { logger: false });
  await setup?.(fresh.db, app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db: fresh.db,
    async close() {
      await app.close();
      await fresh.db.close();
      await fresh.drop();
    },
  };
}
