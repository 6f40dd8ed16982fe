import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PageCtx, PageUser } from '../views/page-ctx.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user as pages see it; set by the session plugin. */
    pageUser: PageUser | null;
    /** The CSRF token for this session's forms; set by the session plugin. */
    csrfToken: string | null;
    pageCtx(): PageCtx;
  }
  interface FastifyReply {
    page(vnode: VNode, status?: number): FastifyReply;
    /** Sends an HTML document already rendered (a cached page) the way `page` sends one. */
    html(document: string, status?: number): FastifyReply;
  }
}

/** Renders a JSX page to an HTML document. Preact escapes every interpolated value. */
export function renderPage(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`;
}

function ctxOf(req: FastifyRequest): PageCtx {
  return {
    lang: req.lang,
    path: req.url.split('?')[0] ?? '/',
    url: req.url,
    user: req.pageUser,
    csrfToken: req.csrfToken,
  };
}

/** reply.page(<Page/>) and request.pageCtx(): the one way a route renders HTML. */
export const viewsPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('pageUser', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('pageCtx', function (this: FastifyRequest) {
    return ctxOf(this);
  });
  app.decorateReply('html', function (document: string, status = 200) {
    return this.code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(document);
  });
  app.decorateReply('page', function (vnode: VNode, status = 200) {
    return this.html(renderPage(vnode), status);
  });
});
