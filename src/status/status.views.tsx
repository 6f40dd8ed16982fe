import { MarksLegend, StatusMark } from '../certification/certification.marks.tsx';
import { translator } from '../plugins/i18n.ts';
import {
  DataTable,
  ErrorSummary,
  hrefWith,
  Pager,
  Select,
  type ViewFieldError,
  YearSelect,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { pageSizes } from './status.schemas.ts';
import { STATUS_ASPECTS, type StatusItem } from './status.service.ts';

export type StatusForm = {
  year: number;
  province?: string | undefined;
  district?: string | undefined;
  lao?: string | undefined;
  pageSize: number;
};

type Option = { value: string; label: string };

/** The public status search of the seed: conditions, buttons, the table of ticks and timestamps, paging. */
export function StatusPage(p: {
  ctx: PageCtx;
  form: StatusForm;
  years: number[];
  provinces: Option[];
  districts: Option[];
  laos: Option[];
  result: { items: StatusItem[]; total: number; page: number; pageSize: number } | null;
  errors?: ViewFieldError[];
}) {
  const { ctx, form } = p;
  const t = translator(ctx.lang);
  const errors = p.errors ?? [];
  const query = {
    year: form.year,
    province: form.province,
    district: form.district,
    lao: form.lao,
    pageSize: form.pageSize,
  };
  // Aspects 1–8, then the debt report, certified the same way.
  const offset = p.result ? (p.result.page - 1) * p.result.pageSize : 0;
  const sections = [
    ...STATUS_ASPECTS.map((no) => ({ label: t(`ด้านที่ ${no}`, `Aspect ${no}`) })),
    { label: t('รายงานหนี้', 'Debt report') },
  ];
  const exportQuery = { year: form.year, province: form.province, district: form.district, lao: form.lao };
  return (
    <Layout
      ctx={ctx}
      title={t('ค้นหาสถานะการรับรองข้อมูล', 'Certification status search')}
      hasErrors={errors.length > 0}
      wide
      scripts={['status-search.js']}
    >
      <ErrorSummary errors={errors} lang={ctx.lang} />
      <h1 class="govuk-heading-l">{t('ค้นหาสถานะการรับรองข้อมูล', 'Certification status search')}</h1>
      <p class="govuk-body">
        {t(
          'สถานะการรับรองข้อมูลรายด้านของ อปท. ทุกแห่ง เปิดให้ทุกคนตรวจสอบได้ เงื่อนไขการค้นหาอยู่ในที่อยู่ของหน้า จึงส่งต่อผลการค้นหาได้',
          'The certification status of every aspect of every LAO, open to all. The conditions are in the page address, so a result can be shared.',
        )}
      </p>
      <form method="get" action="/status" novalidate data-cascade>
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
            {t('เงื่อนไขการค้นหา', 'Search conditions')}
          </legend>
          <div class="app-search-row">
            <Select
              name="province"
              label={t('จังหวัด', 'Province')}
              empty={t('ทุกจังหวัด', 'All provinces')}
              value={form.province}
              options={p.provinces}
              error={errorFor(errors, 'province')}
            />
            <Select
              name="district"
              label={t('อำเภอ', 'District')}
              empty={
                form.province ? t('ทุกอำเภอ', 'All districts') : t('เลือกจังหวัดก่อน', 'Choose a province first')
              }
              value={form.district}
              options={p.districts}
              error={errorFor(errors, 'district')}
            />
            <Select
              name="lao"
              label={t('อปท.', 'LAO')}
              empty={form.district ? t('ทุก อปท.', 'All LAOs') : t('เลือกอำเภอก่อน', 'Choose a district first')}
              value={form.lao}
              options={p.laos}
              error={errorFor(errors, 'lao')}
            />
            <YearSelect lang={ctx.lang} years={p.years} value={form.year} error={errorFor(errors, 'year')} />
            <Select
              name="pageSize"
              label={t('หน้าละ', 'Per page')}
              value={String(form.pageSize)}
              options={pageSizes.map((n) => ({ value: String(n), label: t(`${n} รายการ`, `${n} rows`) }))}
              error={errorFor(errors, 'pageSize')}
            />
          </div>
        </fieldset>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button">
            {t('ค้นหา', 'Search')}
          </button>
          <button type="submit" name="show" value="all" class="govuk-button govuk-button--secondary">
            {t('แสดงทั้งหมด', 'Show all')}
          </button>
          <button type="submit" name="show" value="reset" class="govuk-button govuk-button--secondary">
            {t('เริ่มค้นหาใหม่', 'Start again')}
          </button>
        </div>
      </form>
      {p.result ? (
        <>
          <h2 class="govuk-heading-m">
            {t(`ผลการค้นหา ปีงบประมาณ ${form.year}`, `Results, fiscal year ${form.year}`)}
          </h2>
          <p class="govuk-body">
            {t('ดาวน์โหลดผลการค้นหาทั้งหมด:', 'Download the whole result:')}{' '}
            <a class="govuk-link" href={hrefWith('/status.csv', exportQuery)} download>
              CSV
            </a>
            {' · '}
            <a class="govuk-link" href={hrefWith('/status.xlsx', exportQuery)} download>
              Excel (.xlsx)
            </a>
          </p>
          <MarksLegend lang={ctx.lang} />
          {p.result.items.length === 0 ? (
            <p class="govuk-body">{t('ไม่พบ อปท. ตามเงื่อนไข', 'No LAO matches these conditions')}</p>
          ) : (
            <DataTable
              caption={t('สถานะการรับรองข้อมูลรายด้าน', 'Certification status by aspect')}
              class="app-status-table"
              rows={p.result.items}
              rowKey={(i) => i.laoCode}
              columns={[
                { label: t('ลำดับ', 'No.'), cell: (_i, n) => offset + n + 1 },
                {
                  label: t('จังหวัด', 'Province'),
                  cell: (i) => (ctx.lang === 'en' ? i.provinceNameEn : i.provinceNameTh),
                },
                {
                  label: t('อำเภอ', 'District'),
                  cell: (i) => (ctx.lang === 'en' ? i.districtNameEn : i.districtNameTh),
                },
                { label: t('อปท.', 'LAO'), rowHeader: true, cell: (i) => i.laoNameTh },
                ...sections.map((s, k) => ({
                  label: s.label,
                  cell: (i: NonNullable<typeof p.result>['items'][number]) => {
                    const a = k < i.aspects.length ? i.aspects[k]! : i.debtReport;
                    return (
                      <StatusMark
                        m={{
                          state: a.state,
                          laoCertifiedAt: a.laoCertifiedAt,
                          provinceCertifiedAt: a.provinceCertifiedAt,
                          returnedAt: a.returnedAt,
                          changedAt: a.changedAfterCertificationAt,
                        }}
                        lang={ctx.lang}
                      />
                    );
                  },
                })),
              ]}
            />
          )}
          <Pager
            lang={ctx.lang}
            page={p.result.page}
            pageSize={p.result.pageSize}
            total={p.result.total}
            href={(page) => hrefWith('/status', { ...query, page })}
          />
        </>
      ) : (
        <p class="govuk-body app-muted">
          {t(
            'เลือกเงื่อนไขแล้วกด "ค้นหา" หรือกด "แสดงทั้งหมด" เพื่อดู อปท. ทุกแห่ง',
            'Choose the conditions and press "Search", or "Show all" for every LAO',
          )}
        </p>
      )}
    </Layout>
  );
}
