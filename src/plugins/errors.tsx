import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { ErrorPage } from '../views/layout.tsx';
import { pick } from './i18n.ts';

const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');

const titles: Record<number, Bilingual> = {
  400: bi('คำขอไม่ถูกต้อง', 'Bad request'),
  401: bi('กรุณาเข้าสู่ระบบ', 'Please sign in'),
  403: bi('ไม่มีสิทธิ์เข้าถึง', 'Access denied'),
  404: bi('ไม่พบหน้าที่ต้องการ', 'Page not found'),
  409: bi('ข้อมูลถูกแก้ไขโดยผู้อื่น', 'Conflict'),
  413: bi('แฟ้มหรือข้อมูลใหญ่เกินไป', 'Too large'),
  422: bi('ข้อมูลไม่ถูกต้อง', 'Invalid data'),
  429: bi('มีการเรียกใช้บ่อยเกินไป', 'Too many requests'),
  500: bi('ระบบขัดข้อง', 'Something went wrong'),
};

function sendProblem(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  detail: Bilingual,
  extra: Record<string, unknown> = {},
) {
  const title = titles[status] ?? titles[400]!;
  if (isApi(req)) {
    return reply
      .code(status)
      .type('application/problem+json; charset=utf-8')
      .send({
        type: 'about:blank',
        title: pick(req.lang, title),
        status,
        detail: pick(req.lang, detail),
        ...extra,
      });
  }
  return reply.page(
    <ErrorPage
      ctx={req.pageCtx()}
      status={status}
      title={pick(req.lang, title)}
      message={pick(req.lang, detail)}
    />,
    status,
  );
}

/** One place maps every error to a page or a JSON problem; 5xx never leak details. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setNotFoundHandler((req, reply) =>
    sendProblem(
      req,
      reply,
      404,
      bi(
        `ไม่พบ ${req.url.split('?')[0]} — ตรวจสอบที่อยู่อีกครั้ง`,
        `Nothing at ${req.url.split('?')[0]}; check the address`,
      ),
    ),
  );
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (err.status === 401 && !isApi(req) && req.method === 'GET') {
        return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      }
      if (err.status === 429 && typeof err.extra.retryAfter === 'number')
        reply.header('retry-after', String(err.extra.retryAfter));
      req.log.info(
        { code: err.code, status: err.status, fields: err.fieldErrors.map((f) => f.field) },
        'request refused',
      );
      const errors = err.fieldErrors.map((f) => ({
        ...(f.row !== undefined ? { row: f.row } : {}),
        field: f.field,
        ...(f.code ? { code: f.code } : {}),
        message: pick(req.lang, f.message),
      }));
      return sendProblem(req, reply, err.status, err.text, {
        ...(errors.length ? { errors } : {}),
        ...err.extra,
      });
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      req.log.info({ err: err.message, status }, 'client error');
      const detail =
        status === 413
          ? bi('ข้อมูลที่ส่งมาใหญ่เกินขนาดที่รับได้', 'The request body is larger than allowed')
          : status === 415
            ? bi(
                'รูปแบบข้อมูลที่ส่งมาไม่รองรับ ให้ส่งเป็น JSON หรือแบบฟอร์ม',
                'Unsupported content type; send JSON or a form',
              )
            : bi(`คำขอไม่ถูกต้อง: ${err.message}`, `Bad request: ${err.message}`);
      return sendProblem(req, reply, status === 415 ? 415 : status, detail);
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(
      req,
      reply,
      500,
      bi(
        'ระบบขัดข้องชั่วคราว โปรดลองใหม่อีกครั้ง หากยังพบปัญหาแจ้งผู้ดูแลระบบพร้อมรหัสคำขอ ' + req.id,
        'A temporary fault; try again. If it persists, give the administrator request id ' + req.id,
      ),
    );
  });
});
