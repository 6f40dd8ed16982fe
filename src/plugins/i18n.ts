import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Bilingual } from '../util/errors.ts';

export type Lang = 'th' | 'en';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
  }
}

/** Picks the Thai or English text. */
export const pick = (lang: Lang, text: Bilingual) => (lang === 'en' ? text.en : text.th);

/** A translator bound to a language: t('ไทย', 'English'). */
export const translator = (lang: Lang) => (th: string, en: string) => (lang === 'en' ? en : th);

function detect(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'th') return q;
  const cookie = req.cookies?.lang;
  if (req.url.startsWith('/api/')) {
    const al = req.headers['accept-language'];
    if (typeof al === 'string' && al.trim()) return /^\s*en\b/i.test(al) ? 'en' : 'th';
  }
  if (cookie === 'en' || cookie === 'th') return cookie;
  return 'th';
}

/** Thai first: the language comes from ?lang=, then Accept-Language (API) or the lang cookie (pages). */
export const i18nPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('lang', 'th');
  app.addHook('onRequest', async (req, reply) => {
    req.lang = detect(req);
    const q = (req.query as Record<string, unknown> | undefined)?.lang;
    if ((q === 'en' || q === 'th') && !req.url.startsWith('/api/')) {
      reply.setCookie('lang', q, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    }
  });
});
