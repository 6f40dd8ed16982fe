import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { getCatalog } from '../catalog/catalog.service.ts';
import { translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { roleName } from '../policy/policy.ts';
import { flagsOf } from '../quality/quality.service.ts';
import { CertifyQualityPanel } from '../quality/quality.views.tsx';
import { laoYearParams } from '../records/records.schemas.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { getProvince } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { csvLine } from '../util/csv.ts';
import { AppError, bi } from '../util/errors.ts';
import { type Paging, pageOf, paging, pagingOnly } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import type { ViewFieldError } from '../views/components.tsx';
import { ConfirmPage, isConfirmed } from '../views/confirm-page.tsx';
import { tryForm, viewErrors } from '../views/forms.ts';
import { menuLinks } from '../views/layout.tsx';
import {
  aspectParams,
  batchBody,
  certifyBody,
  logQuery,
  provinceYearParams,
  reasonBody,
} from './certification.schemas.ts';
import * as cert from './certification.service.ts';
import { CertificationPage, eventLabel, LogPage } from './certification.views.tsx';
import { catalogYears, workYear } from './work-year.ts';

const doneMessages = {
  'certify-lao': { th: 'รับรองข้อมูลด้านที่ {n} แล้ว', en: 'Aspect {n} is certified' },
  'certify-province': { th: 'จังหวัดรับรองข้อมูลด้านที่ {n} แล้ว', en: 'Aspect {n} is certified for the province' },
  'withdraw-lao': { th: 'ถอนการรับรองด้านที่ {n} แล้ว', en: 'The certification of aspect {n} is withdrawn' },
  'return-province': { th: 'ส่งคืนด้านที่ {n} ให้ อปท. แล้ว', en: 'Aspect {n} is returned to the LAO' },
} as const;

function doneText(req: FastifyRequest): string | null {
  const done = (req.query as Record<string, unknown>).done;
  const m =
    typeof done === 'string'
      ? /^(certify-lao|certify-province|withdraw-lao|return-province)-([1-9])$/.exec(done)
      : null;
  if (!m) return null;
  const d = doneMessages[m[1] as keyof typeof doneMessages];
  return (req.lang === 'en' ? d.en : d.th).replace('{n}', m[2]!);
}

/** The certification log as CSV (UTF-8 with BOM so Excel reads Thai), dates as people read them. */
function logCsv(items: (cert.CertificationEvent & { laoNameTh: string })[], lang: 'th' | 'en') {
  const t = translator(lang);
  const head = csvLine([
    t('วันเวลา', 'When'),
    t('รหัส อปท.', 'LAO code'),
    t('อปท.', 'LAO'),
    t('ปีงบประมาณ', 'Fiscal year'),
    t('ด้าน', 'Aspect'),
    t('ระดับ', 'Level'),
    t('การดำเนินการ', 'Action'),
    t('โดย', 'By'),
    t('บทบาท', 'Role'),
    t('เหตุผล', 'Reason'),
    'ISO 8601',
  ]);
  const rows = items.map((e) =>
    csvLine([
      formatDateTimeBE(e.at),
      e.laoCode,
      e.laoNameTh,
      e.year,
      e.aspectNo,
      e.level,
      eventLabel(e, lang),
      e.by,
      (() => {
        try {
          return roleName(e.byRole as never, lang);
        } catch {
          return e.byRole;
        }
      })(),
      e.reason ?? '',
      e.at,
    ]),
  );
  return `\ufeff${head}${rows.join('')}`;
}

const sendCsv = (reply: FastifyReply, name: string, body: string) =>
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(body);

const actionPaths = ['certify', 'withdraw', 'return'] as const;

const event =
  '{ id, laoCode, year, aspectNo, level, action, at (ISO 8601 +07:00), by, byRole, reason, snapshot: { datasetId: version } | null, aspect: { no, state, laoCertifiedAt, provinceCertifiedAt, returnedAt, returnReason, … } }';
const raced = { 409: 'Already certified, or another certification won the race; reload' };

const window = (p: Paging) => ({ limit: p.pageSize, offset: p.offset });

/** Certification by the LAO and the province: the JSON API, the certification page, the logs. */
export async function certificationRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const k = db.kysely;
  menuLinks.certification = '/certification';

  // JSON API
  app.post(
    '/api/v1/laos/:code/years/:year/aspects/:no/certifications',
    api({
      id: 'certifyAspect',
      tag: 'certification',
      summary:
        'Certify an aspect: level "lao" (the LAO certifier) or "province" (its province officer, after the LAO)',
      description: `201 with the event: ${event}. The LAO level needs every applicable data set complete with no blocking error (422 lists them as errors[]); a certification records the data sets’ versions as its snapshot.`,
      params: aspectParams,
      body: certifyBody,
      status: 201,
      answer: 'certified: the event',
      refusals: raced,
    }),
    async (req, reply) => {
      const p = parseOrThrow(aspectParams, req.params);
      const actor = requireActor(req);
      const body = parseOrThrow(certifyBody, req.body ?? {});
      const r = await cert.certifyAspect(k, actor, p.code, p.year, p.no, body.level, { ip: req.ip });
      return reply.code(201).send(r);
    },
  );

  app.post(
    '/api/v1/laos/:code/years/:year/aspects/:no/returns',
    api({
      id: 'returnAspect',
      tag: 'certification',
      summary:
        'The province returns an aspect with a reason: neither certification counts; the LAO is told by mail and on its pages',
      params: aspectParams,
      body: reasonBody,
      status: 201,
      answer: 'returned: the event',
      refusals: raced,
    }),
    async (req, reply) => {
      const p = parseOrThrow(aspectParams, req.params);
      const actor = requireActor(req);
      const body = parseOrThrow(reasonBody, req.body ?? {});
      const r = await cert.returnAspect(k, config, actor, p.code, p.year, p.no, body.reason, { ip: req.ip });
      return reply.code(201).send(r);
    },
  );

  app.post(
    '/api/v1/laos/:code/years/:year/aspects/:no/withdrawals',
    api({
      id: 'withdrawCertification',
      tag: 'certification',
      summary: 'The LAO certifier withdraws the certification (and the province’s) with a reason',
      params: aspectParams,
      body: reasonBody,
      status: 201,
      answer: 'withdrawn: the event',
      refusals: raced,
    }),
    async (req, reply) => {
      const p = parseOrThrow(aspectParams, req.params);
      const actor = requireActor(req);
      const body = parseOrThrow(reasonBody, req.body ?? {});
      const r = await cert.withdrawCertification(k, actor, p.code, p.year, p.no, body.reason, { ip: req.ip });
      return reply.code(201).send(r);
    },
  );

  app.get(
    '/api/v1/laos/:code/years/:year/aspects/:no/certifications',
    api({
      id: 'aspectLog',
      tag: 'certification',
      paged: true,
      summary:
        'The certification log of the aspect, oldest first: { items: [event], total, page, pageSize, next }',
      params: aspectParams,
      query: pagingOnly,
    }),
    async (req) => {
      const p = parseOrThrow(aspectParams, req.params);
      const pg = paging(parseOrThrow(pagingOnly, req.query), 50);
      const r = await cert.aspectLog(k, requireActor(req), p.code, p.year, p.no, window(pg));
      return pageOf(req.url, pg, r.items, r.total);
    },
  );

  app.get(
    '/api/v1/laos/:code/years/:year/aspects',
    api({
      id: 'listAspects',
      tag: 'certification',
      summary:
        'Every aspect of an LAO in a year with its state and timestamps, the data sets still missing, and for the next certifier the changes since the certified snapshot',
      description:
        'changesSinceCertification { level, since, total, items } lists the first 100 saves; a save of more than 20 rows has changes null, its changeCount and changesUrl (its rows, paged).',
      params: laoYearParams,
    }),
    async (req) => {
      const p = parseOrThrow(laoYearParams, req.params);
      return {
        laoCode: p.code,
        year: p.year,
        aspects: await cert.aspectsOf(k, requireActor(req), p.code, p.year),
      };
    },
  );

  app.get(
    '/api/v1/laos/:code/years/:year/certifications',
    api({
      id: 'laoCertificationLog',
      tag: 'certification',
      paged: true,
      summary:
        'The certification log of an LAO in a year, newest first: { items: [event], total, page, pageSize, next }',
      params: laoYearParams,
      query: pagingOnly,
    }),
    async (req) => {
      const p = parseOrThrow(laoYearParams, req.params);
      const pg = paging(parseOrThrow(pagingOnly, req.query), 50);
      const r = await cert.laoLog(k, requireActor(req), p.code, p.year, window(pg));
      return pageOf(req.url, pg, r.items, r.total);
    },
  );

  app.get(
    '/api/v1/provinces/:code/years/:year/certifications',
    api({
      id: 'provinceCertificationLog',
      tag: 'certification',
      paged: true,
      summary:
        'The certification log of a province in a year, newest first: { items, total, page, pageSize, next }',
      params: provinceYearParams,
      query: pagingOnly,
    }),
    async (req) => {
      const p = parseOrThrow(provinceYearParams, req.params);
      const pg = paging(parseOrThrow(pagingOnly, req.query), 50);
      const r = await cert.provinceLog(k, requireActor(req), p.code, p.year, pg.page, pg.pageSize);
      const items = r.items.map(({ lao, ...e }) => ({
        ...e,
        laoNameTh: lao ? fullNameTh(lao.type, lao.name) : null,
      }));
      return pageOf(req.url, pg, items, r.total);
    },
  );

  app.post(
    '/api/v1/provinces/:code/years/:year/certifications',
    api({
      id: 'certifyMany',
      tag: 'certification',
      summary:
        'The province certifies many (LAO, aspect) pairs: { items: [{ laoCode, aspectNo }] } → { results: [{ laoCode, aspectNo, ok, status, certification | message, errors }], certified, refused }',
      params: provinceYearParams,
      body: batchBody,
      status: 200,
      answer: 'a result per pair',
    }),
    async (req) => {
      const p = parseOrThrow(provinceYearParams, req.params);
      const actor = requireActor(req);
      const body = parseOrThrow(batchBody, req.body ?? {});
      const results = await cert.certifyMany(k, actor, p.code, p.year, body.items, { ip: req.ip });
      return {
        results: results.map((r) =>
          r.ok
            ? r
            : {
                ...r,
                message: req.lang === 'en' ? r.message.en : r.message.th,
                errors: r.errors.map((e) => ({
                  field: e.field,
                  message: req.lang === 'en' ? e.message.en : e.message.th,
                })),
              },
        ),
        certified: results.filter((r) => r.ok).length,
        refused: results.filter((r) => !r.ok).length,
      };
    },
  );

  // Pages
  app.get('/certification', async (req, reply) => {
    const actor = requireActor(req);
    const year = await workYear(k, actor);
    if (actor.laoCode) return reply.redirect(`/certification/laos/${actor.laoCode}/years/${year}`, 303);
    if (actor.role === 'province_officer' && actor.provinceCode)
      return reply.redirect(`/dashboards/province/${actor.provinceCode}?year=${year}`, 303);
    if (actor.role === 'district_officer' && actor.provinceCode)
      return reply.redirect(
        `/dashboards/province/${actor.provinceCode}?year=${year}&district=${actor.districtCode ?? ''}`,
        303,
      );
    return reply.redirect(`/dashboards/national?year=${year}`, 303);
  });

  const years = () => catalogYears(k);

  const renderPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    code: string,
    year: number,
    status = 200,
    errors: ViewFieldError[] = [],
    values: Record<string, string> = {},
  ) => {
    const o = await cert.certificationOverview(k, requireActor(req), code, year);
    return reply.page(
      <CertificationPage
        ctx={req.pageCtx()}
        o={o}
        errors={errors}
        values={values}
        done={status === 200 ? doneText(req) : null}
        years={await years()}
      />,
      status,
    );
  };

  app.get('/certification/laos/:code/years/:year', async (req, reply) => {
    const p = parseOrThrow(laoYearParams, req.params);
    requireActor(req);
    return renderPage(req, reply, p.code, p.year);
  });

  /**
   * "Are you sure?" before a certification, a return or a withdrawal (without script; public/confirm.js asks
   * in a dialog): the aspect, its state, what is certified or the reason, and a button that sends it confirmed.
   */
  const confirmation = async (
    req: FastifyRequest,
    reply: FastifyReply,
    p: { code: string; year: number; no: number },
    path: (typeof actionPaths)[number],
    level: 'lao' | 'province',
    reason: string | null,
    force = false,
  ) => {
    const actor = requireActor(req);
    await cert.requireLevel(k, actor, p.code, level);
    const o = await cert.certificationOverview(k, actor, p.code, p.year);
    const a = o.aspects.find((x) => x.section.no === p.no);
    if (!a) throw new AppError('not_found', bi(`ไม่มีด้านที่ ${p.no}`, `No aspect ${p.no}`));
    // Nothing to confirm when the action cannot be taken now: the caller runs it and shows why not.
    const possible = {
      certify: level === 'lao' ? a.may.certifyLao : a.may.certifyProvince,
      withdraw: a.may.withdraw,
      return: a.may.returnIt,
    }[path];
    if (!possible && !force) return false;
    const t = translator(req.lang);
    const en = req.lang === 'en';
    const aspect = `${a.section.kind === 'aspect' ? t(`ด้านที่ ${p.no} `, `Aspect ${p.no}: `) : ''}${en ? a.section.nameEn : a.section.nameTh}`;
    const pageUrl = `/certification/laos/${p.code}/years/${p.year}`;
    const texts = {
      certify:
        level === 'lao'
          ? {
              title: t(`รับรองข้อมูลด้านที่ ${p.no} ใช่หรือไม่`, `Certify aspect ${p.no}?`),
              lead: t(
                `คุณกำลังรับรองในนาม ${o.lao.nameTh} ว่าข้อมูล${aspect}ถูกต้อง ครบถ้วน และเป็นปัจจุบัน`,
                `You certify for ${o.lao.nameTh} that the data of ${aspect} is correct, complete and current`,
              ),
              button: t('ยืนยันการรับรอง', 'Confirm the certification'),
              warning: t(
                'ข้อมูลที่รับรองแล้วจะแก้ไขได้เมื่อระบุเหตุผล และต้องรับรองใหม่',
                'Certified data can only be changed with a reason, and must then be certified again',
              ),
            }
          : {
              title: t(`จังหวัดรับรองด้านที่ ${p.no} ใช่หรือไม่`, `Certify aspect ${p.no} for the province?`),
              lead: t(
                `คุณกำลังรับรองในนามสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดว่าได้ตรวจสอบข้อมูล${aspect}ของ ${o.lao.nameTh} แล้ว`,
                `You certify for the provincial office that you checked the data of ${aspect} of ${o.lao.nameTh}`,
              ),
              button: t('ยืนยันการรับรอง', 'Confirm the certification'),
              warning: undefined,
            },
      withdraw: {
        title: t(`ถอนการรับรองด้านที่ ${p.no} ใช่หรือไม่`, `Withdraw the certification of aspect ${p.no}?`),
        lead: t(
          `การรับรองของ อปท. (และของจังหวัด ถ้ามี) สำหรับ${aspect}จะไม่นับ จนกว่าจะรับรองอีกครั้ง เจ้าหน้าที่ที่รับผิดชอบจะเห็นเหตุผลในงานของฉัน`,
          `The LAO's certification (and the province's, if any) of ${aspect} stops counting until it is certified again; the staff responsible see the reason in My work`,
        ),
        button: t('ยืนยันการถอนการรับรอง', 'Confirm the withdrawal'),
        warning: t(
          'ทำแล้วย้อนกลับไม่ได้ ต้องรับรองใหม่',
          'This cannot be undone: the aspect must be certified again',
        ),
      },
      return: {
        title: t(`ส่งคืนด้านที่ ${p.no} ใช่หรือไม่`, `Return aspect ${p.no}?`),
        lead: t(
          `${aspect}จะถูกส่งคืนให้ ${o.lao.nameTh} แก้ไข การรับรองของ อปท. จะไม่นับ เจ้าหน้าที่ที่รับผิดชอบจะเห็นเหตุผลและได้รับอีเมล`,
          `${aspect} goes back to ${o.lao.nameTh} for correction; the LAO's certification stops counting; the staff responsible see the reason and get an e-mail`,
        ),
        button: t('ยืนยันการส่งคืน', 'Confirm the return'),
        warning: t('ทำแล้วย้อนกลับไม่ได้ อปท. ต้องรับรองใหม่', 'This cannot be undone: the LAO must certify again'),
      },
    }[path];
    const details = [
      { key: t('อปท.', 'LAO'), value: o.lao.nameTh },
      { key: t('ปีงบประมาณ', 'Fiscal year'), value: String(p.year) },
      { key: t('ด้าน', 'Aspect'), value: aspect },
      {
        key: t('ข้อมูล', 'Data'),
        value: t(
          `บันทึกครบ ${a.datasetCount - a.missing.length} จาก ${a.datasetCount} ชุดข้อมูล`,
          `${a.datasetCount - a.missing.length} of ${a.datasetCount} data sets complete`,
        ),
      },
      ...(a.diff
        ? [
            {
              key: t('เปลี่ยนแปลงหลังการรับรองครั้งก่อน', 'Changed since the last certification'),
              value: t(`${a.diff.total} ครั้ง`, `${a.diff.total} saves`),
            },
          ]
        : []),
      ...(reason ? [{ key: t('เหตุผล', 'Reason'), value: reason }] : []),
    ];
    // Before a certification, the certifier reads what the quality checks flag in the aspect (src/quality).
    const flags = path === 'certify' ? await flagsOf(k, p.code, p.year, p.no) : null;
    const catalog = flags ? await getCatalog(k, p.year) : null;
    // A boolean, not the reply: a Fastify reply is thenable, and awaiting it would wait for nothing.
    reply.page(
      <ConfirmPage
        extra={
          flags && catalog ? (
            <CertifyQualityPanel lang={req.lang} flags={flags} datasetOf={(id) => catalog.dataset(id)} />
          ) : null
        }
        ctx={req.pageCtx()}
        title={texts.title}
        lead={texts.lead}
        details={details}
        {...(texts.warning ? { warning: texts.warning } : {})}
        action={`${pageUrl}/aspects/${p.no}/${path}`}
        hidden={path === 'certify' ? { level } : { reason: reason ?? '' }}
        button={texts.button}
        cancelHref={`${pageUrl}#aspect-${p.no}`}
        breadcrumbs={[{ href: pageUrl, label: t('การรับรองข้อมูล', 'Certification') }]}
      />,
    );
    return true;
  };

  app.get('/certification/laos/:code/years/:year/aspects/:no/certify', async (req, reply) => {
    const p = parseOrThrow(aspectParams, req.params);
    const q = parseOrThrow(certifyBody, req.query);
    await confirmation(req, reply, p, 'certify', q.level, null, true);
    return reply;
  });

  for (const path of actionPaths) {
    app.post(`/certification/laos/:code/years/:year/aspects/:no/${path}`, async (req, reply) => {
      const p = parseOrThrow(aspectParams, req.params);
      const actor = requireActor(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const confirmed = isConfirmed(body);
      const fieldId = `reason-${path}-${p.no}`;
      const toView = (errs: ViewFieldError[]) =>
        errs.map((e) => ({ ...e, field: e.field === 'reason' ? fieldId : `aspect-${p.no}` }));
      let run: () => Promise<{ level: string }>;
      if (path === 'certify') {
        const parsed = certifyBody.safeParse(body);
        if (!parsed.success)
          return renderPage(req, reply, p.code, p.year, 400, toView(viewErrors(parsed.error, req.lang)));
        if (!confirmed) {
          if (await confirmation(req, reply, p, path, parsed.data.level, null)) return reply;
        }
        run = () => cert.certifyAspect(k, actor, p.code, p.year, p.no, parsed.data.level, { ip: req.ip });
      } else {
        const parsed = reasonBody.safeParse(body);
        const values = { [fieldId]: typeof body.reason === 'string' ? body.reason : '' };
        if (!parsed.success)
          return renderPage(
            req,
            reply,
            p.code,
            p.year,
            400,
            toView(viewErrors(parsed.error, req.lang)),
            values,
          );
        if (!confirmed) {
          const level = path === 'return' ? 'province' : 'lao';
          if (await confirmation(req, reply, p, path, level, parsed.data.reason)) return reply;
        }
        run = () =>
          path === 'return'
            ? cert.returnAspect(k, config, actor, p.code, p.year, p.no, parsed.data.reason, { ip: req.ip })
            : cert.withdrawCertification(k, actor, p.code, p.year, p.no, parsed.data.reason, { ip: req.ip });
      }
      const r = await tryForm(req.lang, run);
      if (!r.ok) {
        const values = path === 'certify' ? {} : { [fieldId]: String(body.reason ?? '') };
        return renderPage(req, reply, p.code, p.year, r.status, toView(r.errors), values);
      }
      return reply.redirect(
        `/certification/laos/${p.code}/years/${p.year}?done=${path}-${r.value.level}-${p.no}#aspect-${p.no}`,
        303,
      );
    });
  }

  app.get('/certification/laos/:code/years/:year/log', async (req, reply) => {
    const p = parseOrThrow(laoYearParams, req.params);
    const q = parseOrThrow(logQuery, req.query);
    const csv = q.format === 'csv';
    const pg = paging(q, 50);
    const r = await cert.laoLog(k, requireActor(req), p.code, p.year, csv ? null : window(pg));
    const items = r.items.map((e) => ({ ...e, laoNameTh: r.lao.nameTh }));
    if (q.format === 'csv')
      return sendCsv(reply, `certification-log-${p.code}-${p.year}.csv`, logCsv(items, req.lang));
    const t = translator(req.lang);
    return reply.page(
      <LogPage
        ctx={req.pageCtx()}
        title={t(
          `บันทึกการรับรองข้อมูล ${r.lao.nameTh} ปีงบประมาณ ${p.year}`,
          `Certification log: ${r.lao.nameTh}, FY ${p.year}`,
        )}
        caption={`${r.lao.nameTh} · ${t(`ปีงบประมาณ ${p.year}`, `Fiscal year ${p.year}`)}`}
        items={items}
        csvHref={`/certification/laos/${p.code}/years/${p.year}/log?format=csv`}
        showLao={false}
        pager={{
          page: pg.page,
          pageSize: pg.pageSize,
          total: r.total,
          href: (n) => `/certification/laos/${p.code}/years/${p.year}/log?page=${n}`,
        }}
        breadcrumbs={[
          {
            href: `/certification/laos/${p.code}/years/${p.year}`,
            label: t('การรับรองข้อมูล', 'Certification'),
          },
        ]}
      />,
    );
  });

  app.get('/certification/provinces/:code/years/:year/log', async (req, reply) => {
    const p = parseOrThrow(provinceYearParams, req.params);
    const q = parseOrThrow(logQuery, req.query);
    const actor = requireActor(req);
    const province = await getProvince(k, p.code);
    if (!province) throw new AppError('not_found', bi(`ไม่พบจังหวัดรหัส ${p.code}`, `No province ${p.code}`));
    const csv = q.format === 'csv';
    const page = q.page ?? 1;
    const pageSize = 50;
    const r = await cert.provinceLog(k, actor, p.code, p.year, page, csv ? null : pageSize);
    const items = r.items.map(({ lao, ...e }) => ({
      ...e,
      laoNameTh: lao ? fullNameTh(lao.type, lao.name) : e.laoCode,
    }));
    if (csv)
      return sendCsv(reply, `certification-log-province-${p.code}-${p.year}.csv`, logCsv(items, req.lang));
    const t = translator(req.lang);
    const pname = req.lang === 'en' ? province.name_en : province.name_th;
    return reply.page(
      <LogPage
        ctx={req.pageCtx()}
        title={t(
          `บันทึกการรับรองข้อมูล จังหวัด${pname} ปีงบประมาณ ${p.year}`,
          `Certification log: ${pname}, FY ${p.year}`,
        )}
        caption={`${t(`จังหวัด${pname}`, `${pname} province`)} · ${t(`ปีงบประมาณ ${p.year}`, `Fiscal year ${p.year}`)}`}
        items={items}
        csvHref={`/certification/provinces/${p.code}/years/${p.year}/log?format=csv`}
        showLao
        pager={{
          page,
          pageSize,
          total: r.total,
          href: (n) => `/certification/provinces/${p.code}/years/${p.year}/log?page=${n}`,
        }}
        breadcrumbs={[
          {
            href: `/dashboards/province/${p.code}?year=${p.year}`,
            label: t('แดชบอร์ดจังหวัด', 'Province dashboard'),
          },
        ]}
      />,
    );
  });
}
