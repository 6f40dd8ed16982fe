import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Pages carry no inline script or style (everything comes from /assets), so the policy can forbid both:
 * injected markup that slipped past escaping still could not run or restyle the page. No page may be framed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Powerful browser features the product never uses, turned off for every page. */
export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()';

/**
 * The headers every answer carries, including Fastify's own early errors (a bad URL) that never reach the
 * route hooks. HSTS only when the request came over HTTPS: `req.protocol` is https only on a TLS socket or
 * through a proxy that TRUST_PROXY trusts, so a forged X-Forwarded-Proto cannot switch it on.
 */
export function setSecurityHeaders(req: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', req.id);
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('permissions-policy', PERMISSIONS_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'same-origin');
  reply.header('x-frame-options', 'DENY');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
}

const problem = (status: number, title: string, detail: string) =>
  JSON.stringify({ type: 'about:blank', title, status, detail });

/** Fastify's answer to a URL it cannot decode (before routing, where no hook runs), with every header. */
export function frameworkErrorAnswer(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  setSecurityHeaders(req, reply);
  const bad = err.code === 'FST_ERR_BAD_URL';
  return reply
    .code(bad ? 400 : 500)
    .type('application/problem+json; charset=utf-8')
    .send(
      bad
        ? problem(
            400,
            'คำขอไม่ถูกต้อง (Bad request)',
            'ที่อยู่ (URL) มีอักขระที่ถอดรหัสไม่ได้ — ตรวจสอบที่อยู่อีกครั้ง (The URL cannot be decoded; check it)',
          )
        : problem(500, 'ระบบขัดข้อง (Something went wrong)', 'โปรดลองอีกครั้ง (Please try again)'),
    );
}

/** The answer on the socket to a request Node's HTTP parser cannot read, with the same headers as any answer. */
export function clientErrorAnswer(err: Error & { code?: string }, socket: Duplex) {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const body = problem(400, 'Bad request', 'The request cannot be read');
  socket.end(
    [
      'HTTP/1.1 400 Bad Request',
      'content-type: application/problem+json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      `content-security-policy: ${CONTENT_SECURITY_POLICY}`,
      `permissions-policy: ${PERMISSIONS_POLICY}`,
      'x-content-type-options: nosniff',
      'x-frame-options: DENY',
      'connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
