import { isoToBE } from '../assignments/due-dates.ts';
import { StateTag } from '../certification/certification.marks.tsx';
import { aspectStates, stateLabel } from '../certification/certification.state.ts';

import { translator } from '../plugins/i18n.ts';
import { laoTypes } from '../registry/lao-names.ts';
import { typeLabel } from '../registry/registry.views.tsx';
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  hrefWith,
  Pager,
  Select,
  Tag,
  type ViewFieldError,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { ProgressChart } from './chart.tsx';
import type { ProvinceDashboard, ProvinceFilter } from './dashboards.service.ts';
import { DeadlineLine, laoColumns, num, pctText, YearForm } from './dashboards.views.tsx';

const PAGE = 50;

/** The province dashboard: LAOs × aspects with states, counts, filters, batch certification, the LAOs behind. */
export function ProvincePage(p: {
  ctx: PageCtx;
  d: ProvinceDashboard;
  filter: ProvinceFilter & { page: number };
  districts: { value: string; label: string }[];
  years: number[];
  errors?: ViewFieldError[];
}) {
  const { ctx, d } = p;
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const pname = en ? d.province.name_en : d.province.name_th;
  const base = `/dashboards/province/${d.province.code}`;
  const query = { year: d.year, district: p.filter.district, type: p.filter.type, state: p.filter.state };
  const page = Math.min(p.filter.page, Math.max(1, Math.ceil(d.laos.length / PAGE)));
  const rows = d.laos.slice((page - 1) * PAGE, page * PAGE);
  const selectable = d.mayCertify && rows.some((l) => l.aspects.some((a) => a.state === 'lao_certified'));
  const errors = p.errors ?? [];
  return (
    <Layout
      ctx={ctx}
      title={t(`แดชบอร์ดจังหวัด${pname}`, `${pname} province dashboard`)}
      hasErrors={errors.length > 0}
      wide
    >
      <ErrorSummary errors={errors} lang={ctx.lang} />
      <span class="govuk-caption-l">{t(`ปีงบประมาณ ${d.year}`, `Fiscal year ${d.year}`)}</span>
      <h1 class="govuk-heading-l">{t(`แดชบอร์ดจังหวัด${pname}`, `${pname} province dashboard`)}</h1>
      <YearForm ctx={ctx} action={base} year={d.year} years={p.years} />
      <DeadlineLine deadline={d.deadline} year={d.year} lang={ctx.lang} />
      <p class="govuk-body">
        <a class="govuk-link" href={`/certification/provinces/${d.province.code}/years/${d.year}/log`}>
          {t('บันทึกการรับรองข้อมูลของจังหวัด', 'The province’s certification log')}
        </a>
        {d.mayCertify ? (
          <>
            {' · '}
            <a class="govuk-link" href={`/quality/provinces/${d.province.code}/years/${d.year}`}>
              {t('ค่าที่ระบบทักท้วง', 'Flagged values')}
            </a>
          </>
        ) : null}
        {' · '}
        <a class="govuk-link" href={`${base}/extensions?year=${d.year}`}>
          {t('การขยายกำหนดส่ง', 'Deadline extensions')}
        </a>
        {' · '}
        <a class="govuk-link" href={hrefWith('/status', { year: d.year, province: d.province.code })}>
          {t('ค้นหาสถานะ', 'Status search')}
        </a>
      </p>

      <h2 class="govuk-heading-m">{t('จำนวนด้านตามสถานะ', 'Aspects by state')}</h2>
      <DataTable
        caption={t('จำนวนด้านตามสถานะ', 'Aspects by state')}
        id="counts"
        rows={aspectStates}
        rowKey={(s) => s}
        columns={[
          {
            label: t('สถานะ', 'State'),
            rowHeader: true,
            cell: (s) => (
              <a class="govuk-link" href={hrefWith(base, { ...query, state: s })}>
                {stateLabel(s, ctx.lang)}
              </a>
            ),
          },
          { label: t('จำนวนด้าน', 'Aspects'), numeric: true, cell: (s) => num(d.counts[s], ctx.lang) },
          { label: t('ร้อยละ', 'Share'), numeric: true, cell: (s) => pctText(d.counts[s], d.total, ctx.lang) },
        ]}
      />

      <form method="get" action={base} novalidate>
        <input type="hidden" name="year" value={String(d.year)} />
        <div class="app-search-row">
          <Select
            name="district"
            label={t('อำเภอ', 'District')}
            empty={t('ทุกอำเภอ', 'All districts')}
            value={p.filter.district}
            options={p.districts}
            error={errorFor(errors, 'district')}
          />
          <Select
            name="type"
            label={t('ประเภท อปท.', 'LAO type')}
            empty={t('ทุกประเภท', 'All types')}
            value={p.filter.type}
            options={laoTypes.map((x) => ({ value: x, label: typeLabel(x, ctx.lang) }))}
            error={errorFor(errors, 'type')}
          />
          <Select
            name="state"
            label={t('มีด้านที่อยู่ในสถานะ', 'With an aspect in state')}
            empty={t('ทุกสถานะ', 'Any state')}
            value={p.filter.state}
            options={aspectStates.map((s) => ({ value: s, label: stateLabel(s, ctx.lang) }))}
            error={errorFor(errors, 'state')}
          />
          <div class="govuk-form-group">
            <button type="submit" class="govuk-button govuk-button--secondary">
              {t('กรอง', 'Filter')}
            </button>
          </div>
        </div>
      </form>

      <h2 class="govuk-heading-m">
        {t(`อปท. ${num(d.laos.length, 'th')} แห่ง`, `${num(d.laos.length, 'en')} LAOs`)}
      </h2>
      {/* A bulk button only over something that can be ticked: never over an empty or all-done page. */}
      <form method="post" action={`${base}/certify`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="year" value={String(d.year)} />
        {selectable ? (
          <p class="govuk-body">
            {t(
              'เลือกด้านที่ อปท. รับรองแล้วและตรวจสอบแล้ว จากนั้นกด "รับรองรายการที่เลือก"',
              'Tick the LAO-certified aspects you have checked, then press "Certify the ticked aspects"',
            )}
          </p>
        ) : null}
        <DataTable
          caption={t('สถานะรายด้านของ อปท.', 'State of each aspect')}
          mode="scroll"
          class="app-status-table"
          id="grid"
          rows={rows}
          rowKey={(l) => l.code}
          columns={[
            ...laoColumns(d.year, t),
            ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
              label: t(`ด้านที่ ${n}`, `Aspect ${n}`),
              cell: (l: (typeof rows)[number]) => {
                const a = l.aspects[n - 1];
                if (!a) return null;
                return (
                  <>
                    <StateTag state={a.state} lang={ctx.lang} />
                    {d.mayCertify && a.state === 'lao_certified' ? (
                      <div class="govuk-!-margin-top-1">
                        <input
                          type="checkbox"
                          name="pair"
                          value={`${l.code}:${a.no}`}
                          id={`pair-${l.code}-${a.no}`}
                        />{' '}
                        <label for={`pair-${l.code}-${a.no}`} class="govuk-body-s">
                          {t('เลือก', 'Tick')}
                          <span class="govuk-visually-hidden">
                            {' '}
                            {l.nameTh} {t(`ด้านที่ ${a.no}`, `aspect ${a.no}`)}
                          </span>
                        </label>
                      </div>
                    ) : null}
                  </>
                );
              },
            })),
          ]}
        />
        <Pager
          lang={ctx.lang}
          page={page}
          pageSize={PAGE}
          total={d.laos.length}
          href={(n) => hrefWith(base, { ...query, page: n })}
        />
        {selectable ? (
          <button type="submit" class="govuk-button">
            {t('รับรองรายการที่เลือก', 'Certify the ticked aspects')}
          </button>
        ) : d.mayCertify ? (
          <p class="govuk-body app-muted" id="nothing-to-certify">
            {t(
              'ไม่มีด้านที่ อปท. รับรองแล้วและรอจังหวัดรับรองในหน้านี้',
              'No aspect on this page is certified by its LAO and waiting for the province',
            )}
          </p>
        ) : null}
      </form>

      <h2 class="govuk-heading-m" id="behind">
        {t(
          `อปท. ที่ล่าช้ากว่ากำหนด (${num(d.behind.length, 'th')} แห่ง)`,
          `LAOs behind the deadline (${num(d.behind.length, 'en')})`,
        )}
      </h2>
      {d.behind.length === 0 ? (
        <p class="govuk-body">{t('ไม่มี อปท. ที่ล่าช้า', 'No LAO is behind')}</p>
      ) : (
        <DataTable
          caption={t('อปท. ที่ล่าช้ากว่ากำหนด', 'LAOs behind the deadline')}
          id="behind-table"
          rows={d.behind}
          rowKey={(l) => l.code}
          columns={[
            ...laoColumns(d.year, t),
            { label: t('อปท. รับรองแล้ว', 'Certified'), numeric: true, cell: (l) => `${l.certified}/8` },
            {
              label: t('กำหนดส่ง', 'Due'),
              cell: (l) => (
                <>
                  {l.dueDate ? isoToBE(l.dueDate) : '–'}
                  {l.extension ? (
                    <span class="govuk-body-s app-muted">
                      {' '}
                      {t(`(ขยาย: ${l.extension.reason})`, `(extended: ${l.extension.reason})`)}
                    </span>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      )}

      <h2 class="govuk-heading-m">{t('ความก้าวหน้าเทียบกับกำหนดส่ง', 'Progress toward the deadline')}</h2>
      <ProgressChart
        ctx={ctx}
        id="province-progress"
        points={d.chart.points}
        total={d.laoCount * 8}
        from={d.chart.from}
        to={d.chart.to}
        deadline={d.deadline}
        title={t(`ความก้าวหน้าจังหวัด${pname} ปีงบประมาณ ${d.year}`, `${pname} progress, fiscal year ${d.year}`)}
      />
    </Layout>
  );
}

export type BatchResult = {
  laoCode: string;
  laoNameTh: string;
  aspectNo: number;
  ok: boolean;
  message: string;
};

/** The result of a batch certification: one line per (LAO, aspect). */
export function BatchResultPage(p: {
  ctx: PageCtx;
  results: BatchResult[];
  back: string;
  provinceName: string;
}) {
  const { ctx } = p;
  const t = translator(ctx.lang);
  const ok = p.results.filter((r) => r.ok).length;
  return (
    <Layout ctx={ctx} title={t('ผลการรับรองข้อมูล', 'Certification results')}>
      <h1 class="govuk-heading-l">{t('ผลการรับรองข้อมูล', 'Certification results')}</h1>
      <p class="govuk-body" role="status">
        {t(
          `รับรองแล้ว ${ok} รายการ ไม่สำเร็จ ${p.results.length - ok} รายการ`,
          `${ok} certified, ${p.results.length - ok} not certified`,
        )}
      </p>
      <DataTable
        caption={t('ผลรายรายการ', 'Result per pair')}
        id="results"
        rows={p.results}
        rowKey={(r) => `${r.laoCode}:${r.aspectNo}`}
        columns={[
          { label: t('อปท.', 'LAO'), cell: (r) => r.laoNameTh },
          { label: t('ด้าน', 'Aspect'), cell: (r) => r.aspectNo },
          {
            label: t('ผล', 'Result'),
            cell: (r) => (
              <>
                <Tag colour={r.ok ? 'green' : 'red'}>
                  {r.ok ? t('รับรองแล้ว', 'Certified') : t('ไม่สำเร็จ', 'Not certified')}
                </Tag>{' '}
                {r.ok ? '' : r.message}
              </>
            ),
          },
        ]}
      />
      <p class="govuk-body">
        <a class="govuk-link" href={p.back}>
          {t(`กลับไปแดชบอร์ดจังหวัด${p.provinceName}`, `Back to the ${p.provinceName} dashboard`)}
        </a>
      </p>
    </Layout>
  );
}
