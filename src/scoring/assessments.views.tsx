import { pick, translator } from '../plugins/i18n.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  hrefWith,
  Pager,
  Select,
  Tag,
  TextInput,
  type ViewFieldError,
  WarningText,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { DistributionTable } from './scores.views.tsx';
import type { Assessment, listAssessments } from './scoring.service.ts';

const scopeLabel = (lang: 'th' | 'en', scope: string, code: string) =>
  scope === 'country'
    ? translator(lang)('ทั้งประเทศ', 'Whole country')
    : scope === 'province'
      ? translator(lang)(`จังหวัด ${code}`, `Province ${code}`)
      : translator(lang)(`อปท. ${code}`, `LAO ${code}`);

/** /assessments: frozen assessments and, for those who may, the form to record one. */
export function AssessmentsPage(p: {
  ctx: PageCtx;
  list: Awaited<ReturnType<typeof listAssessments>>;
  paging: Paging;
  canRecord: boolean;
  values?: Record<string, string | undefined>;
  errors?: ViewFieldError[];
}) {
  const t = translator(p.ctx.lang);
  const errors = p.errors ?? [];
  const v = p.values ?? {};
  return (
    <Layout ctx={p.ctx} title={t('การประเมินที่บันทึกไว้', 'Frozen assessments')} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{t('การประเมินที่บันทึกไว้', 'Frozen assessments')}</h1>
      <p class="govuk-body">
        {t(
          'คะแนนและเหตุผล ณ วันที่ประเมินถูกบันทึกไว้และไม่เปลี่ยนแปลงตามการแก้ไขข้อมูลภายหลัง หากคำนวณใหม่แล้วได้ผลต่างจะมีเครื่องหมายแจ้ง',
          'The scores and reasons as of the assessment day are stored and never change with later edits; a recomputation that differs is flagged.',
        )}
      </p>
      {p.canRecord ? (
        <form method="post" action="/assessments" novalidate class="app-noprint">
          <CsrfField token={p.ctx.csrfToken} />
          <Select
            name="scope"
            label={t('ขอบเขต', 'Scope')}
            value={v.scope ?? 'lao'}
            options={[
              { value: 'lao', label: t('อปท. หนึ่งแห่ง', 'One LAO') },
              { value: 'province', label: t('ทั้งจังหวัด', 'A province') },
              { value: 'country', label: t('ทั้งประเทศ', 'The whole country') },
            ]}
            error={errorFor(errors, 'scope')}
          />
          <TextInput
            name="code"
            label={t(
              'รหัส อปท. (7 หลัก) หรือรหัสจังหวัด (2 หลัก)',
              'LAO code (7 digits) or province code (2 digits)',
            )}
            value={v.code}
            width="10"
            inputmode="numeric"
            error={errorFor(errors, 'code')}
          />
          <TextInput
            name="year"
            label={t('ปีงบประมาณ', 'Fiscal year')}
            value={v.year}
            width="5"
            inputmode="numeric"
            error={errorFor(errors, 'year')}
          />
          <TextInput
            name="asOf"
            label={t('วันเวลาที่ประเมิน', 'Assessment moment')}
            hint={t(
              'วว/ดด/ปปปป ชช:นน (พ.ศ.) เช่น 15/05/2569 15:30',
              'dd/mm/yyyy HH:MM in the Buddhist era, e.g. 15/05/2569 15:30',
            )}
            value={v.asOf}
            width="20"
            error={errorFor(errors, 'asOf')}
          />
          <TextInput
            name="note"
            label={t('หมายเหตุ (ถ้ามี)', 'Note (optional)')}
            value={v.note}
            error={errorFor(errors, 'note')}
          />
          <button type="submit" class="govuk-button">
            {t('บันทึกการประเมิน', 'Record the assessment')}
          </button>
        </form>
      ) : null}
      <DataTable
        caption={t('การประเมินที่บันทึกไว้', 'Recorded assessments')}
        rows={p.list.items}
        rowKey={(a) => a.id}
        columns={[
          {
            label: t('ขอบเขต', 'Scope'),
            rowHeader: true,
            cell: (a) => (
              <a class="govuk-link" href={`/assessments/${a.id}`}>
                {scopeLabel(p.ctx.lang, a.scope, a.scopeCode)}
              </a>
            ),
          },
          { label: t('ปีงบประมาณ', 'FY'), cell: (a) => a.year },
          { label: t('ณ วันที่', 'As of'), cell: (a) => formatDateTimeBE(a.asOf) },
          {
            label: t('บันทึกโดย', 'Recorded by'),
            cell: (a) => `${a.createdBy} · ${formatDateTimeBE(a.createdAt)}`,
          },
          { label: t('อปท.', 'LAOs'), numeric: true, cell: (a) => a.total },
        ]}
      />
      <Pager
        page={p.paging.page}
        pageSize={p.paging.pageSize}
        total={p.list.total}
        lang={p.ctx.lang}
        href={(page) => hrefWith('/assessments', { page })}
      />
    </Layout>
  );
}

/** /assessments/:id: the frozen items, each flagged when a recomputation today differs. */
export function AssessmentPage(p: { ctx: PageCtx; a: Assessment; page: number; pageSize: number }) {
  const t = translator(p.ctx.lang);
  const { a } = p;
  const items = a.items.slice((p.page - 1) * p.pageSize, p.page * p.pageSize);
  return (
    <Layout ctx={p.ctx} title={t('การประเมินที่บันทึกไว้', 'Frozen assessment')} wide>
      <h1 class="govuk-heading-l">
        {t('การประเมิน', 'Assessment')}: {scopeLabel(p.ctx.lang, a.scope, a.scopeCode)} ·{' '}
        {t('ปีงบประมาณ', 'FY')} {a.year}
      </h1>
      <p class="govuk-body">
        {t('ณ วันที่', 'As of')} {formatDateTimeBE(a.asOf)} · {t('บันทึกโดย', 'recorded by')} {a.createdBy}{' '}
        {formatDateTimeBE(a.createdAt)} · {pick(p.ctx.lang, a.rubricName)} (
        {a.rubricRevision === 0
          ? t('เกณฑ์ที่มากับระบบ', 'the rubric shipped with the system')
          : t(`เกณฑ์ที่นำเข้าครั้งที่ ${a.rubricRevision}`, `imported rubric no. ${a.rubricRevision}`)}
        ){a.note ? ` · ${a.note}` : ''}
      </p>
      {a.differing ? (
        <WarningText id="differs-warning" lang={p.ctx.lang}>
          {t(
            `คำนวณใหม่ ณ วันเวลาเดียวกันแล้วได้ผลต่างจากที่บันทึกไว้ ${a.differing} แห่ง (ค่าที่บันทึกไว้ไม่เปลี่ยน)`,
            `A recomputation as of the same moment differs for ${a.differing} LAO(s) (the frozen values stay as they are)`,
          )}
        </WarningText>
      ) : null}
      <DistributionTable
        ctx={p.ctx}
        distribution={a.distribution}
        caption={t('จำนวน อปท. ตามคะแนนที่บันทึกไว้', 'LAOs by frozen score')}
      />
      <DataTable
        id="assessment-items"
        caption={t('คะแนนที่บันทึกไว้ราย อปท.', 'Frozen score of each LAO')}
        rows={items}
        rowKey={(it) => it.laoCode}
        columns={[
          { label: t('อปท.', 'LAO'), rowHeader: true, cell: (it) => `${it.laoNameTh} (${it.laoCode})` },
          { label: t('คะแนนที่บันทึกไว้', 'Frozen score'), numeric: true, cell: (it) => it.score },
          {
            label: t('เหตุผล', 'Reasons'),
            cell: (it) =>
              it.reasons.length
                ? `${it.reasons.length} ${t('ข้อ', 'reason(s)')}: ${p.ctx.lang === 'en' ? it.reasons[0]!.en : it.reasons[0]!.th}${it.reasons.length > 1 ? ' …' : ''}`
                : '—',
          },
          {
            label: t('คำนวณใหม่', 'Recomputed'),
            cell: (it) =>
              it.differs ? (
                <Tag colour="red">
                  {t(`ต่างจากที่บันทึก: ${it.recomputedScore ?? '—'}`, `differs: ${it.recomputedScore ?? '—'}`)}
                </Tag>
              ) : (
                t('ตรงกัน', 'same')
              ),
          },
        ]}
      />
      <Pager
        page={p.page}
        pageSize={p.pageSize}
        total={a.items.length}
        lang={p.ctx.lang}
        href={(n) => `/assessments/${a.id}?page=${n}`}
      />
    </Layout>
  );
}
