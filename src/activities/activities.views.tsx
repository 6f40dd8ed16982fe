import { isoToBE } from '../assignments/due-dates.ts';
import type { EvidenceFileTable } from '../files/files.table.ts';
import { EvidenceList, EvidenceUpload } from '../files/files.views.tsx';
import { translator } from '../plugins/i18n.ts';
import { formatNumber } from '../util/numbers.ts';
import {
  CsrfField,
  DataTable,
  DateInput,
  ErrorSummary,
  hrefWith,
  NoticeBanner,
  Pager,
  Select,
  TextInput,
  type ViewFieldError,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { LaoActivityTable } from './activities.table.ts';

export type AspectOption = { no: number; name: string };
type Item = { activity: LaoActivityTable; files: EvidenceFileTable[] };
type Lao = { code: string; nameTh: string; year: number };

const aspectName = (aspects: AspectOption[], no: number) =>
  aspects.find((a) => a.no === no)?.name ?? String(no);

/** The filters as typed (dates dd/mm/yyyy BE), kept in the form and the pager's links. */
export type ListQuery = { aspect?: string; from?: string; to?: string; q?: string };

function Filters(p: {
  ctx: PageCtx;
  action: string;
  aspects: AspectOption[];
  q: ListQuery;
  errors: ViewFieldError[];
}) {
  const t = translator(p.ctx.lang);
  return (
    <form method="get" action={p.action} class="app-search-row" novalidate>
      <Select
        name="aspect"
        label={t('ด้าน', 'Aspect')}
        empty={t('ทุกด้าน', 'All aspects')}
        options={p.aspects.map((a) => ({ value: String(a.no), label: `${a.no}. ${a.name}` }))}
        value={p.q.aspect}
        error={errorFor(p.errors, 'aspect')}
      />
      <DateInput
        name="from"
        label={t('ตั้งแต่วันที่', 'From')}
        value={p.q.from}
        error={errorFor(p.errors, 'from')}
        lang={p.ctx.lang}
      />
      <DateInput
        name="to"
        label={t('ถึงวันที่', 'To')}
        value={p.q.to}
        error={errorFor(p.errors, 'to')}
        lang={p.ctx.lang}
      />
      <TextInput
        name="q"
        label={t('คำค้น', 'Search')}
        type="search"
        value={p.q.q}
        error={errorFor(p.errors, 'q')}
      />
      <button type="submit" class="govuk-button govuk-button--secondary">
        {t('ค้นหา', 'Search')}
      </button>
    </form>
  );
}

function ActivityTable(p: {
  ctx: PageCtx;
  items: Item[];
  aspects: AspectOption[];
  href: (a: LaoActivityTable) => string;
}) {
  const t = translator(p.ctx.lang);
  return (
    <DataTable
      caption={t('กิจกรรม', 'Activities')}
      rows={p.items}
      rowKey={(r) => r.activity.id}
      columns={[
        { label: t('วันที่', 'Date'), cell: (r) => isoToBE(r.activity.date) },
        {
          label: t('กิจกรรม', 'Activity'),
          rowHeader: true,
          cell: (r) => (
            <a class="govuk-link" href={p.href(r.activity)}>
              {r.activity.title}
            </a>
          ),
        },
        {
          label: t('ด้าน', 'Aspect'),
          cell: (r) => `${r.activity.aspect_no}. ${aspectName(p.aspects, r.activity.aspect_no)}`,
        },
        {
          label: t('ผู้เข้าร่วม (คน)', 'Participants'),
          numeric: true,
          cell: (r) =>
            r.activity.participants === null ? '–' : formatNumber(r.activity.participants, p.ctx.lang),
        },
        { label: t('ไฟล์', 'Files'), numeric: true, cell: (r) => String(r.files.length) },
      ]}
    />
  );
}

/** An LAO's activities in a fiscal year, with filters; "record an activity" for those who may. */
export function ActivitiesPage(p: {
  ctx: PageCtx;
  lao: Lao;
  aspects: AspectOption[];
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
  q: ListQuery;
  errors: ViewFieldError[];
  canRecord: boolean;
  notice?: string | null;
}) {
  const t = translator(p.ctx.lang);
  const base = `/laos/${p.lao.code}/years/${p.lao.year}/activities`;
  const title = t(
    `กิจกรรม ${p.lao.nameTh} ปีงบประมาณ ${p.lao.year}`,
    `Activities: ${p.lao.nameTh}, FY ${p.lao.year}`,
  );
  return (
    <Layout
      ctx={p.ctx}
      title={title}
      hasErrors={p.errors.length > 0}
      breadcrumbs={[
        { href: `/laos/${p.lao.code}/years/${p.lao.year}`, label: `${p.lao.nameTh} ${p.lao.year}` },
      ]}
    >
      <ErrorSummary errors={p.errors} lang={p.ctx.lang} />
      <NoticeBanner text={p.notice ?? null} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{title}</h1>
      {p.canRecord ? (
        <a class="govuk-button" href={`${base}/new`}>
          {t('บันทึกกิจกรรม', 'Record an activity')}
        </a>
      ) : null}
      <Filters ctx={p.ctx} action={base} aspects={p.aspects} q={p.q} errors={p.errors} />
      {p.items.length ? (
        <ActivityTable ctx={p.ctx} items={p.items} aspects={p.aspects} href={(a) => `${base}/${a.id}`} />
      ) : (
        <p class="govuk-body">{t('ยังไม่มีกิจกรรมที่ตรงกับเงื่อนไข', 'No activities match')}</p>
      )}
      {p.total > p.pageSize ? (
        <Pager
          lang={p.ctx.lang}
          page={p.page}
          pageSize={p.pageSize}
          total={p.total}
          href={(n) => hrefWith(base, { ...p.q, page: n })}
        />
      ) : null}
      <p class="govuk-body">
        <a class="govuk-link" href={`/registry/laos/${p.lao.code}/activities?year=${p.lao.year}`}>
          {t('หน้าสาธารณะ: กิจกรรมของด้านที่รับรองแล้ว', 'Public page: activities of certified aspects')}
        </a>
      </p>
    </Layout>
  );
}

/** The values of the activity form as typed. */
export type ActivityValues = {
  date?: string;
  title?: string;
  aspect?: string;
  description?: string;
  participants?: string;
};

/** New (multipart, with photos and documents) or edit (the fields only) of an activity. */
export function ActivityFormPage(p: {
  ctx: PageCtx;
  lao: Lao;
  aspects: AspectOption[];
  values: ActivityValues;
  errors: ViewFieldError[];
  action: string;
  editing: boolean;
}) {
  const t = translator(p.ctx.lang);
  const title = p.editing ? t('แก้ไขกิจกรรม', 'Edit the activity') : t('บันทึกกิจกรรม', 'Record an activity');
  const err = (f: string) => errorFor(p.errors, f);
  const base = `/laos/${p.lao.code}/years/${p.lao.year}/activities`;
  return (
    <Layout
      ctx={p.ctx}
      title={title}
      hasErrors={p.errors.length > 0}
      breadcrumbs={[
        { href: `/laos/${p.lao.code}/years/${p.lao.year}`, label: `${p.lao.nameTh} ${p.lao.year}` },
        { href: base, label: t('กิจกรรม', 'Activities') },
      ]}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={p.errors} lang={p.ctx.lang} />
          <h1 class="govuk-heading-l">{title}</h1>
          <form
            method="post"
            action={p.action}
            novalidate
            {...(p.editing ? {} : { enctype: 'multipart/form-data' })}
          >
            <CsrfField token={p.ctx.csrfToken} />
            <TextInput
              name="date"
              label={t('วันที่จัดกิจกรรม', 'Date of the activity')}
              hint={t(
                `วว/ดด/ปปปป พ.ศ. ในปีงบประมาณ ${p.lao.year} เช่น 15/05/${p.lao.year}`,
                `dd/mm/yyyy in the Buddhist era, within FY ${p.lao.year}, e.g. 15/05/${p.lao.year}`,
              )}
              width="10"
              value={p.values.date}
              error={err('date')}
            />
            <TextInput
              name="title"
              label={t('ชื่อกิจกรรม', 'Title')}
              value={p.values.title}
              error={err('title')}
            />
            <Select
              name="aspect"
              label={t('ด้านที่เกี่ยวข้อง', 'Aspect')}
              empty={t('เลือกด้าน', 'Choose an aspect')}
              options={p.aspects.map((a) => ({ value: String(a.no), label: `${a.no}. ${a.name}` }))}
              value={p.values.aspect}
              error={err('aspect')}
            />
            <div class={`govuk-form-group${err('description') ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label" for="description">
                {t('รายละเอียด', 'Description')}
              </label>
              {err('description') ? (
                <p id="description-error" class="govuk-error-message">
                  {err('description')}
                </p>
              ) : null}
              <textarea class="govuk-textarea" id="description" name="description" rows={5}>
                {p.values.description ?? ''}
              </textarea>
            </div>
            <TextInput
              name="participants"
              label={t('จำนวนผู้เข้าร่วม (คน)', 'Participants (people)')}
              hint={t('เว้นว่างได้', 'Optional')}
              inputmode="numeric"
              width="10"
              value={p.values.participants}
              error={err('participants')}
            />
            {p.editing ? null : (
              <div class={`govuk-form-group${err('file') ? ' govuk-form-group--error' : ''}`}>
                <label class="govuk-label" for="file">
                  {t('รูปภาพและเอกสาร (PDF, JPEG หรือ PNG)', 'Photos and documents (PDF, JPEG or PNG)')}
                </label>
                <div id="file-hint" class="govuk-hint">
                  {t(
                    'เลือกได้หลายไฟล์ ไฟล์ละไม่เกิน 10 MB ไม่เกิน 10 ไฟล์ หากบันทึกไม่สำเร็จต้องเลือกไฟล์ใหม่',
                    'Several files, up to 10 MB each and 10 in all; if the form is refused, choose them again',
                  )}
                </div>
                {err('file') ? (
                  <p id="file-error" class="govuk-error-message">
                    {err('file')}
                  </p>
                ) : null}
                <input
                  class="govuk-file-upload"
                  id="file"
                  name="file"
                  type="file"
                  multiple
                  accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                  aria-describedby="file-hint"
                />
              </div>
            )}
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button">
                {t('บันทึก', 'Save')}
              </button>
              <a class="govuk-link" href={base}>
                {t('ยกเลิก', 'Cancel')}
              </a>
            </div>
          </form>
        </div>
      </div>
    </Layout>
  );
}

/** One activity: what, when, which aspect, who took part, its files; edit, delete and attach for those who may. */
export function ActivityPage(p: {
  ctx: PageCtx;
  lao: Lao;
  aspects: AspectOption[];
  item: Item;
  canRecord: boolean;
  notice?: string | null;
}) {
  const t = translator(p.ctx.lang);
  const a = p.item.activity;
  const laoBase = `/laos/${p.lao.code}/years/${p.lao.year}`;
  const base = `${laoBase}/activities/${a.id}`;
  const rows: [string, string][] = [
    [t('วันที่', 'Date'), isoToBE(a.date)],
    [t('ด้าน', 'Aspect'), `${a.aspect_no}. ${aspectName(p.aspects, a.aspect_no)}`],
    [t('รายละเอียด', 'Description'), a.description || '–'],
    [
      t('ผู้เข้าร่วม (คน)', 'Participants'),
      a.participants === null ? '–' : formatNumber(a.participants, p.ctx.lang),
    ],
    [t('บันทึกโดย', 'Recorded by'), a.created_by],
  ];
  return (
    <Layout
      ctx={p.ctx}
      title={a.title}
      breadcrumbs={[
        { href: laoBase, label: `${p.lao.nameTh} ${p.lao.year}` },
        { href: `${laoBase}/activities`, label: t('กิจกรรม', 'Activities') },
      ]}
    >
      <NoticeBanner text={p.notice ?? null} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{a.title}</h1>
      <dl class="govuk-summary-list">
        {rows.map(([k, v]) => (
          <div class="govuk-summary-list__row" key={k}>
            <dt class="govuk-summary-list__key">{k}</dt>
            <dd class="govuk-summary-list__value app-pre-line">{v}</dd>
          </div>
        ))}
      </dl>
      {p.canRecord ? (
        <div class="govuk-button-group">
          <a class="govuk-button govuk-button--secondary" href={`${base}/edit`}>
            {t('แก้ไข', 'Edit')}
          </a>
          <a class="govuk-button govuk-button--warning" href={`${base}/delete`}>
            {t('ลบกิจกรรม', 'Delete the activity')}
          </a>
        </div>
      ) : null}
      <h2 class="govuk-heading-m" id="evidence">
        {t('รูปภาพและเอกสาร', 'Photos and documents')}
      </h2>
      <EvidenceList ctx={p.ctx} files={p.item.files} canRemove={p.canRecord} laoBase={laoBase} />
      {p.canRecord && p.item.files.length < 10 ? (
        <EvidenceUpload ctx={p.ctx} action={`${base}/files`} />
      ) : null}
    </Layout>
  );
}

/** The public page of an LAO's activities: only those of aspects the LAO has certified. */
export function PublicActivitiesPage(p: {
  ctx: PageCtx;
  lao: Lao;
  aspects: AspectOption[];
  certified: number[];
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
}) {
  const t = translator(p.ctx.lang);
  const title = t(
    `กิจกรรมของ ${p.lao.nameTh} ปีงบประมาณ ${p.lao.year}`,
    `Activities of ${p.lao.nameTh}, FY ${p.lao.year}`,
  );
  const base = `/registry/laos/${p.lao.code}/activities`;
  return (
    <Layout
      ctx={p.ctx}
      title={title}
      breadcrumbs={[{ href: `/registry/laos/${p.lao.code}?year=${p.lao.year}`, label: p.lao.nameTh }]}
    >
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">
        {t(
          'แสดงเฉพาะกิจกรรมของด้านที่ อปท. รับรองข้อมูลแล้ว',
          'Only the activities of aspects the LAO has certified are shown',
        )}
        {p.certified.length
          ? ` (${t('ด้านที่', 'aspects')} ${p.certified.join(', ')})`
          : ` — ${t('ยังไม่มีด้านที่รับรอง', 'no aspect is certified yet')}`}
      </p>
      {p.items.length ? (
        p.items.map((r) => (
          <section class="app-activity" key={r.activity.id}>
            <h2 class="govuk-heading-s">
              {isoToBE(r.activity.date)} · {r.activity.title}
            </h2>
            <p class="govuk-body-s app-muted">
              {t('ด้าน', 'Aspect')} {r.activity.aspect_no}. {aspectName(p.aspects, r.activity.aspect_no)}
              {r.activity.participants === null
                ? ''
                : ` · ${t('ผู้เข้าร่วม', 'participants')} ${formatNumber(r.activity.participants, p.ctx.lang)} ${t('คน', '')}`}
            </p>
            {r.activity.description ? <p class="govuk-body app-pre-line">{r.activity.description}</p> : null}
            {r.files.length ? (
              <ul class="govuk-list">
                {r.files.map((f) => (
                  <li key={f.id}>
                    <a class="govuk-link" href={`/files/${f.id}`}>
                      {f.name}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ))
      ) : (
        <p class="govuk-body">{t('ยังไม่มีกิจกรรมที่เผยแพร่', 'No activities published yet')}</p>
      )}
      {p.total > p.pageSize ? (
        <Pager
          lang={p.ctx.lang}
          page={p.page}
          pageSize={p.pageSize}
          total={p.total}
          href={(n) => hrefWith(base, { year: p.lao.year, page: n })}
        />
      ) : null}
    </Layout>
  );
}
