import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';

/**
 * What an /api/v1 route declares about itself for the OpenAPI document, next to its handler: the same Zod
 * schemas the handler parses with (params, query, body), its answer, and who may call it. A route under /api/v1
 * without it stops the app at start (see apiDocPlugin), so the document cannot lag the routes.
 */
export type ApiDoc = {
  /** The operation id (camelCase, unique). */
  id: string;
  summary: string;
  description?: string;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body, or an upload (multipart/form-data with one `file` field). */
  body?: z.ZodType | 'upload';
  /** The success answer: a Zod schema of the JSON, a media type for a file, or only words. */
  answer?: z.ZodType | { media: string } | string;
  /** The success status (200 unless said). */
  status?: 200 | 201 | 202 | 204;
  /** A list answered a page at a time (the Page schema; `page` and `pageSize` in the query). */
  paged?: boolean;
  /** Open to everyone; otherwise a bearer token (or the session cookie) is needed. */
  public?: boolean;
  /** What a parameter means, by its name, when its schema does not say. */
  notes?: Record<string, string>;
  /** Refusals this route gives beyond the usual (400, 401/403 unless public, 404 when it has path parameters, 422 with a body). */
  refusals?: Partial<Record<409 | 413 | 415 | 422 | 429 | 503, string>>;
  /** Grouping in the document. */
  tag: keyof typeof tagDescriptions;
};

const tagDescriptions = {
  system: 'Health and this document',
  accounts: 'Sign-in, tokens, passwords and accounts',
  registry: 'Provinces, districts and LAOs as the registry stands in a fiscal year (public)',
  catalog: 'What each data set holds, per fiscal year (public)',
  records: 'Recording an LAO’s data sets, and their history',
  imports: 'Excel and CSV: template, upload → preview → apply',
  divisions: 'An LAO’s divisions and which staff belong to them',
  assignments: 'Who records what by when; my work; national deadlines',
  certification: 'Certification by the LAO and the province, returns and withdrawals, the logs',
  status: 'The public status search',
  dashboards: 'Progress of a province and the country; deadline extensions',
  scoring: 'LPA indicator 4: scores as of any moment, frozen assessments (reading is public)',
  contact: 'The responsible person and the LAO’s central e-mail',
  activity: 'The activity log',
  notifications: 'Your in-app notifications (the bell)',
  'open data': 'Aggregates, the open-data catalog (DCAT) and CSV/.xlsx exports of certified data',
  reports:
    'Totals, means and counts of any numeric field by area and LAO type, year over year (public: certified data)',
  evidence: 'Evidence files attached to data sets, rows and activities',
  activities: 'What an LAO did: its activities by fiscal year and aspect',
  quality: 'Data quality: the values the checks flag before certification, and their explanations',
} as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    api?: ApiDoc;
  }
}

/** The route options that carry a route's OpenAPI declaration: `app.get(url, api({...}), handler)`. */
export const api = (doc: ApiDoc, config: Record<string, unknown> = {}) => ({
  config: { ...config, api: doc },
});

export type ApiRoute = { method: string; url: string; doc: ApiDoc };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api/v1 route with its declaration, in the order registered. */
    apiRoutes: ApiRoute[];
  }
}

const methodsOf = (r: RouteOptions) =>
  (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD').map((m) => m.toLowerCase());

/** Collects the declarations of the /api/v1 routes as they are registered; a route without one is an error. */
export const apiDocPlugin = fp(async (app: FastifyInstance) => {
  const routes: ApiRoute[] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', (r) => {
    const doc = (r.config as { api?: ApiDoc } | undefined)?.api;
    if (!doc && !r.url.startsWith('/api/v1/')) return;
    if (!doc) throw new Error(`${String(r.method)} ${r.url} has no OpenAPI declaration: give it api({...})`);
    for (const method of methodsOf(r)) routes.push({ method, url: r.url, doc });
  });
});

// ---- the document ----

type Json = Record<string, unknown>;

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** A Zod schema as JSON Schema (2020-12, as OpenAPI 3.1 takes it), for what a client sends or receives. */
function jsonSchema(s: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** `/laos/:code/years/:year` as OpenAPI writes it; `:datasetId.csv` keeps its suffix. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');

function parameters(where: 'path' | 'query', s: z.ZodType | undefined, doc: ApiDoc): Json[] {
  if (!s) return [];
  const schema = jsonSchema(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => name !== 'lang')
    .map(([name, p]) => {
      const description = doc.notes?.[name] ?? (p.description as string | undefined);
      const { description: _, ...rest } = p;
      return {
        name,
        in: where,
        required: where === 'path' || (schema.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      };
    });
}

function operation(route: ApiRoute): Json {
  const { doc } = route;
  const status = doc.status ?? (route.method === 'post' && !doc.answer ? 201 : 200);
  let ok: Json;
  if (status === 204) ok = { description: typeof doc.answer === 'string' ? doc.answer : 'done; no content' };
  else if (doc.paged)
    ok = {
      description: typeof doc.answer === 'string' ? doc.answer : 'one page of the list',
      content: {
        'application/json': {
          schema:
            doc.answer && typeof doc.answer === 'object' && !('media' in doc.answer)
              ? jsonSchema(doc.answer, 'output')
              : { $ref: '#/components/schemas/Page' },
        },
      },
    };
  else if (doc.answer && typeof doc.answer === 'object' && 'media' in doc.answer)
    ok = {
      description: 'the file',
      content: { [doc.answer.media]: { schema: { type: 'string', format: 'binary' } } },
    };
  else if (doc.answer && typeof doc.answer === 'object')
    ok = { description: 'ok', content: { 'application/json': { schema: jsonSchema(doc.answer, 'output') } } };
  else
    ok = { description: doc.answer ?? 'ok', content: { 'application/json': { schema: { type: 'object' } } } };

  const responses: Json = {
    [status]: ok,
    400: problem('A bad parameter, named in the problem (field and what to do)'),
  };
  if (!doc.public) {
    responses[401] = problem('Not signed in: send Authorization: Bearer <token>');
    responses[403] = problem('Signed in, but outside the caller’s role or scope');
  }
  if (doc.params) responses[404] = problem('Not found (or not in the caller’s scope)');
  if (doc.body) responses[422] = problem('The body breaks a rule; each field named with what to do');
  for (const [code, text] of Object.entries(doc.refusals ?? {})) responses[code] = problem(text);

  const body =
    doc.body === 'upload'
      ? {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: {
                  file: { type: 'string', format: 'binary', description: '.xlsx or .csv (UTF-8), ≤ 10 MB' },
                },
              },
            },
          },
        }
      : doc.body
        ? { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } }
        : undefined;

  return {
    operationId: doc.id,
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.public ? { security: [] } : {}),
    parameters: [...parameters('path', doc.params, doc), ...parameters('query', doc.query, doc)],
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

const problemSchema = {
  type: 'object',
  required: ['title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
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

const pageSchema = {
  type: 'object',
  required: ['items', 'total', 'page', 'pageSize', 'next'],
  properties: {
    items: { type: 'array', items: {} },
    total: { type: 'integer', description: 'how many items the whole list holds' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    next: {
      type: ['string', 'null'],
      description: 'the absolute path of the next page, with the same filters; null on the last page',
    },
  },
};

/** The OpenAPI 3.1 document of the given routes (the app's `apiRoutes`). */
export function openApiDocument(routes: ApiRoute[], server = '/') {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const p = openApiPath(r.url);
    paths[p] ??= {};
    paths[p][r.method] = operation(r);
  }
  const tags = [...new Set(routes.map((r) => r.doc.tag))].map((name) => ({
    name,
    description: tagDescriptions[name],
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'lao-info API',
      version: '1',
      description:
        'ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น — JSON API. Errors are RFC 9457 problems in Thai (English with Accept-Language: en). Fiscal years are Buddhist-era; timestamps ISO 8601 with offset. Every list is paged (page, pageSize ≤ 500, next).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: server, description: 'this server' }],
    tags,
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A session token from POST /api/v1/auth/login, or a personal access token (lit_…) from /api/v1/account/tokens',
        },
      },
      schemas: { Problem: problemSchema, Page: pageSchema },
    },
  };
}
