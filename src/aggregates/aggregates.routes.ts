import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { parseOrThrow } from '../util/validation.ts';
import { sumQuery } from './aggregates.schemas.ts';
import * as aggregates from './aggregates.service.ts';

/** National and provincial aggregates of recorded data (JSON API, signed in). */
export async function aggregatesRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get('/api/v1/aggregates/sum', async (req) => {
    const actor = requireActor(req);
    const q = parseOrThrow(sumQuery, req.query);
    return aggregates.sumByArea(db.kysely, actor, q);
  });
}
