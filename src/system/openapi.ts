import { aggregatesApiDoc } from '../aggregates/aggregates.openapi.ts';
import { assignmentsApiDoc } from '../assignments/assignments.openapi.ts';
import { activityApiDoc } from '../audit/audit.routes.tsx';
import { catalogApiDoc } from '../catalog/catalog.openapi.ts';
import { certificationApiDoc } from '../certification/certification.openapi.ts';
import { contactApiDoc } from '../contact/contact.openapi.ts';
import { dashboardsApiDoc } from '../dashboards/dashboards.openapi.ts';
import { importsApiDoc } from '../imports/imports.openapi.ts';
import { recordsApiDoc } from '../records/records.openapi.ts';
import { registryApiDoc } from '../registry/registry.openapi.ts';
import { scoringApiDoc } from '../scoring/scoring.openapi.ts';
import { statusApiDoc } from '../status/status.openapi.ts';
import { pageSchema } from '../util/paging.ts';

export type PathsDoc = Record<string, Record<string, unknown>>;

const problem = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'Thai by default; English with Accept-Language: en' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, row: { type: 'integer' }, message: { type: 'string' } },
      },
    },
  },
};

/** The OpenAPI 3.1 document, assembled from each domain's paths. */
export function openApiDocument() {
  const paths: PathsDoc = {
    '/healthz': {
      get: {
        summary: 'Health: { status: "ok", db: "sqlite" | "postgres" }',
        responses: { 200: { description: 'up' } },
      },
    },
    ...registryApiDoc,
    ...scoringApiDoc,
    ...catalogApiDoc,
    ...contactApiDoc,
    ...certificationApiDoc,
    ...statusApiDoc,
    ...dashboardsApiDoc,
    ...activityApiDoc,
    ...importsApiDoc,
    ...recordsApiDoc,
    ...assignmentsApiDoc,
    ...aggregatesApiDoc,
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'lao-info API',
      version: '1',
      description:
        'ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น — JSON API. Errors are RFC 9457 problems in Thai (English with Accept-Language: en). Fiscal years are Buddhist-era; timestamps ISO 8601 with offset.',
    },
    paths,
    components: { schemas: { Problem: problem, Page: pageSchema } },
  };
}
