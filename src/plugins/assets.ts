import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const require = createRequire(import.meta.url);
const govukDist = path.dirname(require.resolve('govuk-frontend/dist/govuk/govuk-frontend.min.css'));
const sarabunFiles = path.join(path.dirname(require.resolve('@fontsource/sarabun/package.json')), 'files');
const publicDir = new URL('../../public/', import.meta.url).pathname;

/**
 * govuk-frontend's stylesheet re-themed: the GOV.UK typeface is replaced by Sarabun, served by the app
 * itself (no CDN). Computed once at start.
 */
function themedGovukCss(): string {
  return fs
    .readFileSync(path.join(govukDist, 'govuk-frontend.min.css'), 'utf8')
    .replace(/@font-face\{[^}]*GDS Transport[^}]*\}/g, '')
    .replace(/GDS Transport/g, 'Sarabun')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//, '');
}

/** Static files: the themed govuk-frontend CSS, its images, the Sarabun font and our own CSS and scripts. */
export const assetsPlugin = fp(async (app: FastifyInstance) => {
  const css = themedGovukCss();
  app.get('/assets/govuk.css', (_req, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('text/css; charset=utf-8').send(css),
  );
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/assets/',
    decorateReply: false,
    maxAge: 3600 * 1000,
  });
  await app.register(fastifyStatic, {
    root: path.join(govukDist, 'assets'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    maxAge: 86400 * 1000,
  });
  await app.register(fastifyStatic, {
    root: sarabunFiles,
    prefix: '/assets/fonts/',
    decorateReply: false,
    maxAge: 86400 * 1000 * 30,
    allowedPath: (p) => /^\/?sarabun-(thai|latin)-[1-8]00-(normal|italic)\.woff2$/.test(p),
  });
});
