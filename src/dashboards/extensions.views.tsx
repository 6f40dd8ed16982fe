import { isoToBE } from '../assignments/due-dates.ts';

import { translator } from '../plugins/i18n.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  NoticeBanner,
  Select,
  Textarea,
  TextInput,
  type ViewFieldError,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { Extension } from './dashboards.service.ts';
import { DeadlineLine } from './dashboards.views.tsx';

/** The extensions of a year: LAO, new due date, reason, who granted it and when (with revoke buttons). */
export function ExtensionsTable(p: {
  ctx: PageCtx;
  items: Extension[];
  showProvince?: boolean;
  revoke?: { action: (lao: string) => string; year: number } | undefined;
}) {
  const { ctx } = p;
  const t = translator(ctx.lang);
  return (
    <>
      <h2 class="govuk-heading-m" id="extensions">
        {t('การขยายกำหนดส่งราย อปท.', 'Deadline extensions')}
      </h2>
      {p.items.length === 0 ? (
        <p class="govuk-body">{t('ยังไม่มีการขยายกำหนดส่ง', 'No extensions granted')}</p>
      ) : (
        <DataTable
          caption={t('การขยายกำหนดส่ง', 'Deadline extensions')}
          rows={p.items}
          rowKey={(x) => x.laoCode}
          columns={[
            p.showProvince && { label: t('จังหวัด', 'Province'), cell: (x) => x.provinceNameTh },
            {
              label: t('อปท.', 'LAO'),
              cell: (x) => (
                <>
                  {x.laoNameTh}
                  <br />
                  <span class="govuk-body-s app-muted">
                    {x.laoCode} · {x.districtNameTh}
                  </span>
                </>
              ),
            },
            { label: t('ขยายถึง', 'Extended to'), cell: (x) => isoToBE(x.dueDate) },
            { label: t('เหตุผล', 'Reason'), cell: (x) => x.reason },
            {
              label: t('อนุมัติโดย', 'Granted by'),
              cell: (x) => (
                <>
                  {x.grantedBy}
                  <br />
                  <span class="govuk-body-s app-muted">{formatDateTimeBE(x.grantedAt)}</span>
                </>
              ),
            },
            p.revoke && {
              label: t('ยกเลิก', 'Revoke'),
              cell: (x) =>
                p.revoke ? (
                  <form method="post" action={p.revoke.action(x.laoCode)} class="app-inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="year" value={String(p.revoke.year)} />
                    <button
                      type="submit"
                      class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                    >
                      {t('ยกเลิกการขยาย', 'Revoke')}
                      <span class="govuk-visually-hidden"> {x.laoNameTh}</span>
                    </button>
                  </form>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );
}

/** The extensions of a province, with the form to grant one (for whoever may). */
export function ExtensionsPage(p: {
  ctx: PageCtx;
  provinceCode: string;
  provinceName: string;
  year: number;
  deadline: string | null;
  items: Extension[];
  laos: { value: string; label: string }[];
  mayGrant: boolean;
  errors?: ViewFieldError[];
  values?: Record<string, string>;
  done?: string | null;
}) {
  const { ctx } = p;
  const t = translator(ctx.lang);
  const errors = p.errors ?? [];
  const base = `/dashboards/province/${p.provinceCode}`;
  return (
    <Layout
      ctx={ctx}
      title={t(`การขยายกำหนดส่ง จังหวัด${p.provinceName}`, `Deadline extensions, ${p.provinceName}`)}
      hasErrors={errors.length > 0}
      breadcrumbs={[{ href: `${base}?year=${p.year}`, label: t('แดชบอร์ดจังหวัด', 'Province dashboard') }]}
    >
      <ErrorSummary errors={errors} lang={ctx.lang} />
      <NoticeBanner text={p.done} lang={ctx.lang} />
      <span class="govuk-caption-l">
        {t(`จังหวัด${p.provinceName} · ปีงบประมาณ ${p.year}`, `${p.provinceName} · fiscal year ${p.year}`)}
      </span>
      <h1 class="govuk-heading-l">{t('การขยายกำหนดส่งราย อปท.', 'Deadline extensions')}</h1>
      <DeadlineLine deadline={p.deadline} year={p.year} lang={ctx.lang} />
      <ExtensionsTable
        ctx={ctx}
        items={p.items}
        revoke={
          p.mayGrant ? { action: (lao) => `${base}/extensions/${lao}/delete`, year: p.year } : undefined
        }
      />
      {p.mayGrant ? (
        <>
          <h2 class="govuk-heading-m">{t('ขยายกำหนดส่งให้ อปท.', 'Extend an LAO’s deadline')}</h2>
          <form method="post" action={`${base}/extensions`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="year" value={String(p.year)} />
            <Select
              name="lao"
              label={t('อปท.', 'LAO')}
              empty={t('เลือก อปท.', 'Choose an LAO')}
              value={p.values?.lao}
              options={p.laos}
              error={errorFor(errors, 'lao')}
            />
            <TextInput
              name="dueDate"
              label={t('ขยายถึงวันที่', 'Extended to')}
              hint={t('วว/ดด/ปปปป พ.ศ. เช่น 30/06/2569', 'dd/mm/yyyy in the Buddhist era, e.g. 30/06/2569')}
              value={p.values?.dueDate}
              error={errorFor(errors, 'dueDate')}
              width="10"
            />
            <Textarea
              id="reason"
              name="reason"
              label={t('เหตุผล', 'Reason')}
              hint={t('เช่น น้ำท่วมสำนักงาน ระบบไฟฟ้าขัดข้อง', 'e.g. the office was flooded')}
              value={p.values?.reason ?? ''}
              error={errorFor(errors, 'reason')}
            />
            <button type="submit" class="govuk-button">
              {t('บันทึกการขยายกำหนดส่ง', 'Save the extension')}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}
