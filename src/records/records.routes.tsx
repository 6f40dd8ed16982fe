import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { api } from '../system/api-doc.ts';
import { pageOf, paging, pagingOnly } from '../util/paging.ts';
import { parseOrThrow } from '../util/validation.ts';
import {
  datasetAnswer,
  datasetListAnswer,
  datasetParams,
  historyParams,
  laoYearParams,
  putDatasetSchema,
  saveAnswer,
} from './records.schemas.ts';
import * as records from './records.service.ts';

/** Recording data: the JSON API (the pages are in records.pages.tsx). */
export async function recordsApiRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  const tag = 'records';
  app.get(
    '/api/v1/laos/:code/years/:year/datasets',
    api({
      id: 'listDatasets',
      tag,
      summary:
        'The data sets that apply to an LAO in a year, each with its completeness, row count and version',
      params: laoYearParams,
      answer: datasetListAnswer,
    }),
    async (req) => {
      const p = parseOrThrow(laoYearParams, req.params);
      return records.listDatasets(k, requireActor(req), p.code, p.year);
    },
  );

  app.get(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId',
    api({
      id: 'getDataset',
      tag,
      summary:
        'One data set of an LAO in a year: its rows, completeness and version (send the version back to save)',
      params: datasetParams,
      answer: datasetAnswer,
    }),
    async (req) => {
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
    },
  );

  app.put(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId',
    api({
      id: 'saveDataset',
      tag,
      summary: 'Save a data set whole: all its rows, or none: true with a reason',
      description:
        'Values are checked against the catalog field by field (each error names rows[i].values.key and what to do); the whole save is kept or nothing is. `version` is the one you read: if someone saved since, 409 and nothing changes. A save after the aspect was certified marks it changed after certification.',
      params: datasetParams,
      body: putDatasetSchema,
      answer: saveAnswer,
      refusals: { 409: 'Someone saved since the version you read: read again, then save' },
    }),
    async (req) => {
      const p = parseOrThrow(datasetParams, req.params);
      const actor = requireActor(req);
      const body = parseOrThrow(putDatasetSchema, req.body, 'unprocessable');
      const r = await records.saveDataset(k, actor, p.code, p.year, p.datasetId, body, {
        source: 'api',
        ip: req.ip,
      });
      return { version: r.version, status: r.status, changed: r.changed };
    },
  );

  app.get(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId/history',
    api({
      id: 'datasetHistory',
      tag,
      paged: true,
      summary:
        'The changes of a data set, newest first, a page at a time: items [{ version, at, by, kind, status, changeReason, changeCount, changes, changesUrl }]',
      description:
        '`changes` holds the row diffs ({ op: add|remove|change|none, row, rowId, values | fields }) when the change touched at most 20 rows, otherwise null: page through them at `changesUrl`.',
      params: datasetParams,
      query: pagingOnly,
    }),
    async (req) => {
      const p = parseOrThrow(datasetParams, req.params);
      const pg = paging(parseOrThrow(pagingOnly, req.query), 20);
      const h = await records.datasetHistory(k, requireActor(req), p.code, p.year, p.datasetId, pg);
      const base = `/api/v1/laos/${p.code}/years/${p.year}/datasets/${p.datasetId}/history`;
      const items = h.items.map((c) => ({ ...c, changesUrl: `${base}/${c.version}` }));
      return pageOf(req.url, pg, items, h.total);
    },
  );

  app.get(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId/history/:version',
    api({
      id: 'datasetChange',
      tag,
      paged: true,
      summary:
        'One change of a data set with one page of its row diffs, in row order: { version, at, by, kind, status, changeReason, changeCount, items, total, page, pageSize, next }',
      params: historyParams,
      query: pagingOnly,
    }),
    async (req) => {
      const p = parseOrThrow(historyParams, req.params);
      const pg = paging(parseOrThrow(pagingOnly, req.query), 100);
      const h = await records.historyEntry(k, requireActor(req), p.code, p.year, p.datasetId, p.version, pg);
      return { ...h.change, ...pageOf(req.url, pg, h.items, h.change.changeCount) };
    },
  );
}
