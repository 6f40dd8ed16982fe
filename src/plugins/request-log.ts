import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

const REDACTED = '[redacted]';
/** Query parameters whose values are credentials. */
const secretParams = /^(token|_csrf|csrf|code|password|secret|key|api_key|access_token)$/i;
/** Routes whose next path segment is a single-use token. */
const tokenRoutes = new Set(['reset-password', 'verify']);
/** Mixed-case base64url of 24+ characters: a random token, not a code, a UUID or a kebab-case id. */
const tokenLike = (seg: string) => /^[\w-]{24,}$/.test(seg) && /[A-Z]/.test(seg) && /[a-z]/.test(seg);

/**
 * A URL fit for the log: single-use tokens travel in GET links (password reset, e-mail verification) and
 * multipart forms carry the CSRF token in the query. The segment after such a route, any other segment that
 * looks like a random token, and every secret query value become [redacted].
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const segs = path.split('/');
  const safePath = segs
    .map((seg, i) => (seg && (tokenRoutes.has(segs[i - 1] ?? '') || tokenLike(seg)) ? REDACTED : seg))
    .join('/');
  if (q === -1) return safePath;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {}
      return eq !== -1 && secretParams.test(decoded) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${safePath}?${query}`;
}

/** Fastify's request serializer with the URL redacted. */
export const reqSerializer = (req: FastifyRequest) => ({
  method: req.method,
  url: redactUrl(req.url),
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});

// A load balancer polls the health check every few seconds: its lines would drown the log at info.
const quiet = (req: FastifyRequest) => req.url === '/healthz' || req.url.startsWith('/healthz?');

/** Fastify's request lines, at debug level for the health check. */
export class AppLogController extends LogController {
  override incomingRequest(req: FastifyRequest, reply: FastifyReply) {
    if (!quiet(req)) return super.incomingRequest(req, reply);
    req.log.debug({ req }, 'incoming request');
  }

  override requestCompleted(err: Error | null | undefined, req: FastifyRequest, reply: FastifyReply) {
    if (err || !quiet(req)) return super.requestCompleted(err, req, reply);
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
