import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { translator } from '../plugins/i18n.ts';
import { Layout } from '../views/layout.tsx';
import { api, openApiDocument } from './api-doc.ts';

/** Health, the OpenAPI document and its browsable page. */
export async function systemRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get(
    '/healthz',
    api({
      id: 'health',
      tag: 'system',
      public: true,
      summary: 'Health: { status: "ok", db: "sqlite" | "postgres" }; 503 when the database does not answer',
      answer: z.object({ status: z.enum(['ok', 'unavailable']), db: z.enum(['sqlite', 'postgres']) }),
      refusals: { 503: 'The database does not answer' },
    }),
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(db.kysely);
        return { status: 'ok', db: db.kind };
      } catch {
        return reply.code(503).send({ status: 'unavailable', db: db.kind });
      }
    },
  );

  app.get('/api/openapi.json', async () => openApiDocument(app.apiRoutes));

  app.get('/api/docs', async (req, reply) => {
    const t = translator(req.lang);
    const doc = openApiDocument(app.apiRoutes);
    return reply.page(
      <Layout ctx={req.pageCtx()} title="API" wide>
        <h1 class="govuk-heading-l">{t('เอกสาร API', 'API documentation')}</h1>
        <p class="govuk-body">
          {t('เอกสาร OpenAPI 3.1 ฉบับเต็ม: ', 'The full OpenAPI 3.1 document: ')}
          <a class="govuk-link" href="/api/openapi.json">
            /api/openapi.json
          </a>
        </p>
        {Object.entries(doc.paths).map(([path, ops]) => (
          <section key={path} class="app-api-path">
            {Object.entries(
              ops as Record<
                string,
                {
                  summary: string;
                  description?: string;
                  parameters?: { name: string; in: string; description?: string }[];
                }
              >,
            ).map(([method, op]) => (
              <div key={method}>
                <h2 class="govuk-heading-s">
                  <code>
                    {method.toUpperCase()} {path}
                  </code>
                </h2>
                <p class="govuk-body">{op.summary}</p>
                {op.description ? <p class="govuk-body-s app-muted">{op.description}</p> : null}
                {op.parameters?.length ? (
                  <ul class="govuk-list govuk-list--bullet govuk-body-s">
                    {op.parameters.map((p) => (
                      <li key={p.name}>
                        <code>{p.name}</code> ({p.in}) {p.description ?? ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ))}
          </section>
        ))}
      </Layout>,
    );
  });
}
