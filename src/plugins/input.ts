import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requireStorableText } from '../util/validation.ts';

/**
 * Every request's path parameters, query and parsed body are refused (422 naming the field) when they hold text
 * the databases cannot store: one check for every route and every schema, before any handler reads them.
 * Values that arrive another way (an uploaded file's cells, a command's files) meet the same rule in the
 * catalog's validation and, last of all, at the database (src/db/text-guard.ts).
 */
export const inputPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (req) => {
    requireStorableText(req.params, '');
    requireStorableText(req.query, '');
    requireStorableText(req.body, '');
  });
});
