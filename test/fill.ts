import type { FastifyInstance } from 'fastify';
import type { DatasetDef } from '../src/catalog/catalog.schemas.ts';
import { prng, sampleRow } from '../src/catalog/sample-values.ts';
import { uncertified } from '../src/certification/certification.state.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

type Listed = {
  datasetId: string;
  sectionNo: number;
  kind: 'form' | 'list';
  version: number;
  status: string;
};

/** The applicable data sets of an LAO and year, as the records API lists them. */
export async function listDatasets(app: FastifyInstance, token: string, lao: string, year: number) {
  const res = await app.inject({ url: `/api/v1/laos/${lao}/years/${year}/datasets`, headers: bearer(token) });
  if (res.statusCode !== 200) throw new Error(`list datasets ${lao}/${year}: ${res.statusCode} ${res.body}`);
  return res.json() as Listed[];
}

/** A data set's definition as the catalog API gives it (the same shape the validation engine reads). */
export async function datasetDef(app: FastifyInstance, id: string, year: number): Promise<DatasetDef> {
  const res = await app.inject({ url: `/api/v1/catalog/datasets/${id}?year=${year}` });
  if (res.statusCode !== 200) throw new Error(`catalog ${id}: ${res.statusCode} ${res.body}`);
  return res.json() as DatasetDef;
}

export type FillOptions = {
  lao: string;
  year: number;
  aspect: number;
  /** Lists: 'none' marks them "none in our area" with a reason; 'rows' (default) records two rows. */
  lists?: 'none' | 'rows';
  /** Needed when the aspect is certified. */
  changeReason?: string;
  /** Leave these data sets alone (to keep an aspect incomplete). */
  skip?: string[];
  seed?: number;
};

/**
 * Makes an aspect complete through the records API: every applicable data set of the section gets valid values
 * for its fields (built from the catalog definition and checked by its rules), or lists are marked none with a
 * reason. The token must be allowed to record them (the LAO administrator records every section). Returns the
 * data sets' versions after the saves.
 */
export async function fillAspect(app: FastifyInstance, token: string, o: FillOptions) {
  const r = prng(o.seed ?? o.aspect * 7919 + o.year);
  const versions: Record<string, number> = {};
  const sets = (await listDatasets(app, token, o.lao, o.year)).filter((d) => d.sectionNo === o.aspect);
  if (sets.length === 0) throw new Error(`no data sets in aspect ${o.aspect}`);
  for (const d of sets) {
    if (o.skip?.includes(d.datasetId)) continue;
    const def = await datasetDef(app, d.datasetId, o.year);
    const payload =
      d.kind === 'list' && o.lists === 'none'
        ? { version: d.version, none: true, noneReason: 'ไม่มีข้อมูลนี้ในพื้นที่ (ข้อมูลทดสอบ)' }
        : {
            version: d.version,
            rows: Array.from({ length: d.kind === 'list' ? 2 : 1 }, (_, i) => ({
              values: sampleRow(def, r, i, o.year),
              // Rows a warning rule flags need an explanation; it is kept only where one is needed.
              explanation: 'ข้อมูลทดสอบ ตรวจสอบแล้วถูกต้อง',
            })),
          };
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/laos/${o.lao}/years/${o.year}/datasets/${d.datasetId}`,
      headers: bearer(token),
      payload: { ...payload, ...(o.changeReason ? { changeReason: o.changeReason } : {}) },
    });
    if (res.statusCode !== 200) throw new Error(`fill ${d.datasetId}: ${res.statusCode} ${res.body}`);
    const body = res.json() as { version: number; status: string };
    if (body.status !== 'complete' && body.status !== 'none')
      throw new Error(`fill ${d.datasetId}: saved but ${body.status}`);
    versions[d.datasetId] = body.version;
  }
  return versions;
}

/** Fills every aspect 1–8 (and with `debt`, the debt report) of an LAO and year. */
export async function fillAllAspects(
  app: FastifyInstance,
  token: string,
  o: Omit<FillOptions, 'aspect'> & { debt?: boolean },
) {
  for (const aspect of [1, 2, 3, 4, 5, 6, 7, 8, ...(o.debt ? [9] : [])])
    await fillAspect(app, token, { ...o, aspect });
}

/**
 * Changes one value of the first row of a form data set through the API (with a change reason when the
 * aspect is certified); returns the response.
 */
export async function editFirstRow(
  app: FastifyInstance,
  token: string,
  o: { lao: string; year: number; datasetId: string; set: Record<string, unknown>; changeReason?: string },
) {
  const url = `/api/v1/laos/${o.lao}/years/${o.year}/datasets/${o.datasetId}`;
  const cur = (await app.inject({ url, headers: bearer(token) })).json() as {
    version: number;
    rows: { id: string; values: Record<string, unknown> }[];
  };
  const [first, ...rest] = cur.rows;
  if (!first) throw new Error(`${o.datasetId} has no rows to edit`);
  return app.inject({
    method: 'PUT',
    url,
    headers: bearer(token),
    payload: {
      version: cur.version,
      rows: [{ id: first.id, values: { ...first.values, ...o.set } }, ...rest],
      ...(o.changeReason !== undefined ? { changeReason: o.changeReason } : {}),
    },
  });
}

/** Certifies an aspect through the API at one level; throws unless it answers 201. Returns the event. */
export async function certify(
  app: FastifyInstance,
  token: string,
  o: { lao: string; year: number; aspect: number; level: 'lao' | 'province' },
) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/laos/${o.lao}/years/${o.year}/aspects/${o.aspect}/certifications`,
    headers: bearer(token),
    payload: { level: o.level },
  });
  if (res.statusCode !== 201)
    throw new Error(`certify ${o.lao}/${o.aspect} at ${o.level}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/**
 * An aspect_status row written directly (the seed's example rows of the status search): complete, nothing
 * certified, unless `over` says otherwise.
 */
export const aspectStatusRow = (
  lao: string,
  year: number,
  no: number,
  over: Partial<Record<string, string | null>> = {},
) => ({
  lao_code: lao,
  year,
  section_no: no,
  data_state: 'complete' as const,
  data_changed_at: '2026-05-14T08:00:00.000Z',
  ...uncertified,
  cert_version: 1,
  ...over,
});
