import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { parseOrThrow } from '../util/validation.ts';
import { datasetParams, laoYearParams, putDatasetSchema } from './records.schemas.ts';
import * as records from './records.service.ts';

/** Recording data: the JSON API (the pages are in records.pages.tsx). */
export async function recordsApiRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  app.get('/api/v1/laos/:code/years/:year/datasets', async (req) => {
    const p = parseOrThrow(laoYearParams, req.params);
    return records.listDatasets(k, requireActor(req), p.code, p.year);
  });

  app.get('/api/v1/laos/:code/years/:year/datasets/:datasetId', async (req) => {
    const p = parseOrThrow(datasetParams, req.params);
    const d = await records.readDataset(k, requireActor(req), p.code, p.year, p.datasetId);
    return {
      datasetId: d.datasetId,
      kind: d.kind,
      status: d.status,
      none: d.none,
      noneReason: d.noneReason,
      rows: d.rows.map((r) => ({
        id: r.id,
        values: r.values,
        ...(r.explanation ? { explanation: r.explanation } : {}),
      })),
      version: d.version,
      updatedAt: d.updatedAt,
      updatedBy: d.updatedBy,
    };
  });

  app.put('/api/v1/laos/:code/years/:year/datasets/:datasetId', async (req) => {
    const p = parseOrThrow(datasetParams, req.params);
    const actor = requireActor(req);
    const body = parseOrThrow(putDatasetSchema, req.body, 'unprocessable');
    const r = await records.saveDataset(k, actor, p.code, p.year, p.datasetId, body, {
      source: 'api',
      ip: req.ip,
    });
    return { version: r.version, status: r.status, changed: r.changed };
  });

  app.get('/api/v1/laos/:code/years/:year/datasets/:datasetId/history', async (req) => {
    const p = parseOrThrow(datasetParams, req.params);
    return records.datasetHistory(k, requireActor(req), p.code, p.year, p.datasetId);
  });
}
