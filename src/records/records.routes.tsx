import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { pageOf, paging, pagingOnly } from '../util/paging.ts';
import { parseOrThrow } from '../util/validation.ts';
import { datasetParams, historyParams, laoYearParams, putDatasetSchema } from './records.schemas.ts';
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
    const pg = paging(parseOrThrow(pagingOnly, req.query), 20);
    const h = await records.datasetHistory(k, requireActor(req), p.code, p.year, p.datasetId, pg);
    const base = `/api/v1/laos/${p.code}/years/${p.year}/datasets/${p.datasetId}/history`;
    const items = h.items.map((c) => ({ ...c, changesUrl: `${base}/${c.version}` }));
    return pageOf(req.url, pg, items, h.total);
  });

  app.get('/api/v1/laos/:code/years/:year/datasets/:datasetId/history/:version', async (req) => {
    const p = parseOrThrow(historyParams, req.params);
    const pg = paging(parseOrThrow(pagingOnly, req.query), 100);
    const h = await records.historyEntry(k, requireActor(req), p.code, p.year, p.datasetId, p.version, pg);
    return { ...h.change, ...pageOf(req.url, pg, h.items, h.change.changeCount) };
  });
}
