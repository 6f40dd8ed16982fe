import type { ComponentChildren } from 'preact';
import { ReturnNotice, returnLabel } from '../certification/certification.marks.tsx';
import { laoWorkLinks } from '../divisions/divisions.views.tsx';
import { translator } from '../plugins/i18n.ts';
import { StatusTag } from '../records/records.marks.tsx';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  DateInput,
  dateHint,
  ErrorSummary,
  hrefWith,
  NoticeBanner,
  Tag,
  TextInput,
  type ViewFieldError,
  WarningText,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { FormRow } from './assignments.form.ts';
import type { Assignments, MyWork } from './assignments.service.ts';
import { isoToBE } from './due-dates.ts';
import { sectionTitle } from './section-names.ts';

type T = (th: string, en: string) => string;

const be = (iso: string | null | undefined) => (iso ? isoToBE(iso) : '–');

/** The national deadline in a sentence. */
function NationalDeadline({ due, year, t }: { due: string | null; year: number; t: T }) {
  return (
    <p class="govuk-body">
      {t(`กำหนดส่งข้อมูลของกรมส่งเสริมการปกครองท้องถิ่น ปีงบประมาณ ${year}: `, `National deadline for FY ${year}: `)}
      <strong>{due ? isoToBE(due) : t('ยังไม่กำหนด', 'not set yet')}</strong>
    </p>
  );
}

/** Links to the fiscal years the catalog has (never one that would answer 404), oldest first. */
function YearNav({
  year,
  years,
  href,
  t,
}: {
  year: number;
  years: number[];
  href: (y: number) => string;
  t: T;
}) {
  return (
    <nav class="app-year-nav app-noprint" aria-label={t('ปีงบประมาณ', 'Fiscal year')}>
      {[...new Set([...years, year])]
        .sort((a, b) => a - b)
        .map((y) => (
          <a
            key={y}
            class="govuk-link app-year-link"
            href={href(y)}
            aria-current={y === year ? 'page' : undefined}
          >
            {t(`ปีงบประมาณ ${y}`, `FY ${y}`)}
          </a>
        ))}
    </nav>
  );
}

/** One cell input of the assignments table: a visually hidden label, the error above the control. */
function Cell(p: {
  id: string;
  label: string;
  /** The column's name, shown beside the input when the row is a card on a phone. */
  column: string;
  error: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <td class="govuk-table__cell" data-label={p.column}>
      <div class={`govuk-form-group govuk-!-margin-bottom-0${p.error ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label govuk-visually-hidden" for={p.id}>
          {p.label}
        </label>
        {p.error ? (
          <p id={`${p.id}-error`} class="govuk-error-message">
            {p.error}
          </p>
        ) : null}
        {p.children}
      </div>
    </td>
  );
}

function RowInputs(p: {
  row: FormRow;
  data: Assignments;
  values: Record<string, string>;
  errors: ViewFieldError[];
  emptyDivision: string;
  t: T;
}) {
  const { row, t } = p;
  const id = (s: string) => `${row.prefix}-${s}`;
  const err = (s: string) => errorFor(p.errors, id(s));
  const described = (s: string) => (err(s) ? `${id(s)}-error` : undefined);
  const chosen = p.values[id('division')] ?? '';
  return (
    <>
      <Cell
        id={id('division')}
        column={t('หน่วยงานที่รับผิดชอบ', 'Division')}
        label={t(`หน่วยงานที่รับผิดชอบ ${row.label}`, `Division for ${row.label}`)}
        error={err('division')}
      >
        <select
          class={`govuk-select${err('division') ? ' govuk-select--error' : ''}`}
          id={id('division')}
          name={id('division')}
          aria-describedby={described('division')}
        >
          <option value="">{p.emptyDivision}</option>
          {p.data.divisions.map((d) => (
            <option key={d.id} value={d.id} selected={d.id === chosen}>
              {d.nameTh}
            </option>
          ))}
        </select>
      </Cell>
      <Cell
        id={id('responsible')}
        column={t('ผู้รับผิดชอบ', 'Person responsible')}
        label={t(`ผู้รับผิดชอบ ${row.label}`, `Person responsible for ${row.label}`)}
        error={err('responsible')}
      >
        <select
          class={`govuk-select${err('responsible') ? ' govuk-select--error' : ''}`}
          id={id('responsible')}
          name={id('responsible')}
          aria-describedby={described('responsible')}
        >
          <option value="">{t('— ไม่ระบุ —', '— none —')}</option>
          {p.data.divisions.map((d) => {
            const staff = p.data.staff.filter((s) => s.divisionIds.includes(d.id));
            return staff.length ? (
              <optgroup key={d.id} label={d.nameTh}>
                {staff.map((s) => (
                  <option
                    key={s.username}
                    value={s.username}
                    selected={
                      s.username === p.values[id('responsible')] &&
                      (chosen === d.id || !s.divisionIds.includes(chosen))
                    }
                  >
                    {s.displayName}
                  </option>
                ))}
              </optgroup>
            ) : null;
          })}
        </select>
      </Cell>
      <Cell
        id={id('due')}
        column={t('กำหนดแล้วเสร็จ', 'Due date')}
        label={t(`กำหนดแล้วเสร็จ ${row.label} (วว/ดด/ปปปป พ.ศ.)`, `Due date of ${row.label} (dd/mm/yyyy BE)`)}
        error={err('due')}
      >
        <input
          class={`govuk-input govuk-input--width-10${err('due') ? ' govuk-input--error' : ''}`}
          id={id('due')}
          name={id('due')}
          type="text"
          inputMode="numeric"
          value={p.values[id('due')] ?? ''}
          aria-describedby={described('due')}
        />
      </Cell>
    </>
  );
}

const head = (t: T, first: string) => (
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">
        {first}
      </th>
      <th scope="col" class="govuk-table__header">
        {t('หน่วยงานที่รับผิดชอบ', 'Division')}
      </th>
      <th scope="col" class="govuk-table__header">
        {t('ผู้รับผิดชอบ', 'Person responsible')}
      </th>
      <th scope="col" class="govuk-table__header">
        {t('กำหนดแล้วเสร็จ', 'Due date')}
      </th>
    </tr>
  </thead>
);

/** The year's assignments: a form for the LAO administrator, a table for the LAO's other people. */
export function AssignmentsPage(p: {
  ctx: PageCtx;
  data: Assignments;
  rows: FormRow[];
  canManage: boolean;
  years: number[];
  values: Record<string, string>;
  errors: ViewFieldError[];
  warnings: string[];
  done?: string | undefined;
}) {
  const t = translator(p.ctx.lang);
  const lang = p.ctx.lang;
  const { data } = p;
  const base = `/laos/${data.laoCode}/years/${data.year}/assignments`;
  const title = t(`มอบหมายงานบันทึกข้อมูล ปีงบประมาณ ${data.year}`, `Assignments, fiscal year ${data.year}`);
  const doneText: Record<string, string> = {
    saved: t('บันทึกการมอบหมายแล้ว', 'The assignments were saved'),
    seed: t('มอบหมายตามบันทึกข้อความต้นแบบแล้ว', 'The seed memo’s assignments were applied'),
    unchanged: t('ไม่มีการเปลี่ยนแปลง', 'Nothing changed'),
  };
  const bySection = new Map(data.sections.map((s) => [s.no, s]));
  const rowErr = (prefix: string) => p.errors.some((e) => e.field.startsWith(`${prefix}-`));
  return (
    <Layout
      ctx={p.ctx}
      title={`${title} ${data.lao.nameTh}`}
      hasErrors={p.errors.length > 0}
      wide
      breadcrumbs={laoWorkLinks(data.laoCode, t, data.year).slice(0, 1)}
    >
      <ErrorSummary errors={p.errors} lang={lang} />
      <NoticeBanner text={p.done ? doneText[p.done] : undefined} lang={p.ctx.lang} />
      {p.warnings.map((w) => (
        <WarningText key={w} lang={lang}>
          {w}
        </WarningText>
      ))}
      <span class="govuk-caption-l">
        {data.lao.nameTh} · {data.lao.code}
      </span>
      <h1 class="govuk-heading-l">{title}</h1>
      <YearNav
        year={data.year}
        years={p.years}
        href={(y) => `/laos/${data.laoCode}/years/${y}/assignments`}
        t={t}
      />
      <NationalDeadline due={data.nationalDeadline} year={data.year} t={t} />
      <p class="govuk-body">
        <a class="govuk-link" href={`${base}/memo`}>
          {t('พิมพ์บันทึกข้อความมอบหมายงาน', 'Print the assignment memo')}
        </a>
        {' · '}
        <a class="govuk-link" href={`/laos/${data.laoCode}/divisions`}>
          {t('กองและเจ้าหน้าที่', 'Divisions and staff')}
        </a>
      </p>
      {p.canManage ? (
        <form method="post" action={`${base}/seed`} novalidate class="app-section">
          <CsrfField token={p.ctx.csrfToken} />
          <h2 class="govuk-heading-m">{t('มอบหมายตามบันทึกข้อความต้นแบบ', 'Apply the seed memo')}</h2>
          <p class="govuk-body">
            {t(
              'มอบหมายทุกด้านให้กองตามบันทึกข้อความต้นแบบ (ด้าน 1 กองสาธารณสุขฯ, ด้าน 2 และ 7 กองการศึกษา, ด้าน 3 งานป้องกันฯ, ด้าน 4 และ 5 กองช่าง, ด้าน 6 หน่วยตรวจสอบภายใน, ด้าน 8 งานประชาสัมพันธ์, รายงานหนี้ กองคลัง, ข้อมูลทั่วไป สำนักปลัด) พร้อมกำหนดแล้วเสร็จเดียวกัน แทนที่การมอบหมายเดิมทั้งหมดของปีนี้',
              'Assign every section to the division of the seed memo, with one due date; this replaces all of this year’s assignments',
            )}
          </p>
          <DateInput
            name="seedDue"
            label={t('กำหนดแล้วเสร็จ', 'Due date')}
            value={p.values.seedDue ?? (data.nationalDeadline ? isoToBE(data.nationalDeadline) : '')}
            error={errorFor(p.errors, 'seedDue')}
            lang={p.ctx.lang}
          />
          <button type="submit" class="govuk-button govuk-button--secondary">
            {t('มอบหมายตามบันทึกข้อความต้นแบบ', 'Apply the seed memo')}
          </button>
        </form>
      ) : null}
      {p.canManage ? (
        <form method="post" action={base} novalidate>
          <CsrfField token={p.ctx.csrfToken} />
          <h2 class="govuk-heading-m">{t('การมอบหมายรายด้าน', 'Assignments by section')}</h2>
          <p class="govuk-body">
            {t(
              `กำหนดแล้วเสร็จพิมพ์เป็น ${dateHint(p.ctx.lang)} ต้องอยู่ในปีงบประมาณ ${data.year} ชุดข้อมูลที่ไม่ได้เลือกกองไว้ใช้การมอบหมายของด้าน`,
              `Type due dates as ${dateHint(p.ctx.lang)}, inside fiscal year ${data.year}. A data set without a division of its own follows its section.`,
            )}
          </p>
          {p.rows
            .filter((r) => r.datasetId === null)
            .map((r) => {
              const s = bySection.get(r.sectionNo)!;
              const dsRows = p.rows.filter((x) => x.sectionNo === r.sectionNo && x.datasetId !== null);
              const open = s.datasets.some((d) => d.override) || dsRows.some((x) => rowErr(x.prefix));
              return (
                <div class="app-section" key={r.prefix}>
                  <table class="govuk-table govuk-!-margin-bottom-2 app-assign-table app-stack-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">
                      {sectionTitle(s, lang)}
                    </caption>
                    {head(t, t('ส่วน', 'Section'))}
                    <tbody class="govuk-table__body">
                      <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header" data-label={t('ส่วน', 'Section')}>
                          {t('ทั้งด้าน', 'Whole section')}
                        </th>
                        <RowInputs
                          row={r}
                          data={data}
                          values={p.values}
                          errors={p.errors}
                          emptyDivision={t(
                            `— ยังไม่มอบหมาย (ต้นแบบ: ${s.defaultDivisionTh}) —`,
                            `— not assigned (memo: ${s.defaultDivisionTh}) —`,
                          )}
                          t={t}
                        />
                      </tr>
                    </tbody>
                  </table>
                  {dsRows.length ? (
                    <details class="govuk-details" open={open}>
                      <summary class="govuk-details__summary">
                        <span class="govuk-details__summary-text">
                          {t(`มอบหมายรายชุดข้อมูล (${dsRows.length} ชุด)`, `By data set (${dsRows.length})`)}
                        </span>
                      </summary>
                      <div class="govuk-details__text app-table-scroll">
                        <table class="govuk-table app-assign-table app-stack-table">
                          <caption class="govuk-visually-hidden">
                            {t(`ชุดข้อมูลของ${sectionTitle(s, lang)}`, `Data sets of ${sectionTitle(s, lang)}`)}
                          </caption>
                          {head(t, t('ชุดข้อมูล', 'Data set'))}
                          <tbody class="govuk-table__body">
                            {dsRows.map((x) => {
                              const d = s.datasets.find((y) => y.id === x.datasetId)!;
                              return (
                                <tr class="govuk-table__row" key={x.prefix}>
                                  <th
                                    scope="row"
                                    class="govuk-table__header"
                                    data-label={t('ชุดข้อมูล', 'Data set')}
                                  >
                                    {lang === 'en' ? d.nameEn : d.nameTh}
                                  </th>
                                  <RowInputs
                                    row={x}
                                    data={data}
                                    values={p.values}
                                    errors={p.errors}
                                    emptyDivision={t('— ตามด้าน —', '— as the section —')}
                                    t={t}
                                  />
                                </tr>
                              );
                            })}
                          </tbody>
                        </table>
                      </div>
                    </details>
                  ) : null}
                </div>
              );
            })}
          <button type="submit" class="govuk-button">
            {t('บันทึกการมอบหมาย', 'Save the assignments')}
          </button>
        </form>
      ) : (
        <ReadOnlyAssignments data={data} t={t} lang={lang} />
      )}
    </Layout>
  );
}

function ReadOnlyAssignments({ data, t, lang }: { data: Assignments; t: T; lang: 'th' | 'en' }) {
  type Line = {
    key: string;
    name: string;
    section: boolean;
    division: string | null;
    responsible: string | null;
    due: string | null;
  };
  const lines: Line[] = data.sections.flatMap((s) => [
    {
      key: `s${s.no}`,
      name: sectionTitle(s, lang),
      section: true,
      division: s.divisionNameTh,
      responsible: s.responsibleName,
      due: s.dueDate ?? data.nationalDeadline,
    },
    ...s.datasets
      .filter((d) => d.override)
      .map((d) => ({
        key: d.id,
        name: `– ${lang === 'en' ? d.nameEn : d.nameTh}`,
        section: false,
        division: d.divisionNameTh,
        responsible: d.responsibleName,
        due: d.dueDate ?? data.nationalDeadline,
      })),
  ]);
  return (
    <DataTable
      caption={t('การมอบหมาย', 'Assignments')}
      rows={lines}
      rowKey={(l) => l.key}
      columns={[
        { label: t('ส่วน / ชุดข้อมูล', 'Section / data set'), rowHeader: true, cell: (l) => l.name },
        { label: t('หน่วยงานที่รับผิดชอบ', 'Division'), cell: (l) => l.division ?? '–' },
        { label: t('ผู้รับผิดชอบ', 'Person responsible'), cell: (l) => l.responsible ?? '–' },
        { label: t('กำหนดแล้วเสร็จ', 'Due date'), cell: (l) => be(l.due) },
      ]}
    />
  );
}

/** งานของฉัน: the data sets the user works on, their status, last change and due date, overdue first. */
export function MyWorkPage(p: { ctx: PageCtx; data: MyWork; years: number[]; canManage: boolean }) {
  const t = translator(p.ctx.lang);
  const lang = p.ctx.lang;
  const { data } = p;
  const overdue = data.items.filter((i) => i.overdue).length;
  const title = t('งานของฉัน', 'My work');
  return (
    <Layout ctx={p.ctx} title={title} wide>
      <span class="govuk-caption-l">
        {data.laoNameTh} · {t(`ปีงบประมาณ ${data.year}`, `Fiscal year ${data.year}`)}
      </span>
      <h1 class="govuk-heading-l">{title}</h1>
      <YearNav year={data.year} years={p.years} href={(y) => hrefWith('/my-work', { year: y })} t={t} />
      {p.ctx.user?.role === 'lao_staff' ? (
        <p class="govuk-body">
          {t('กองของคุณ: ', 'Your divisions: ')}
          <strong>{data.divisions.join(', ') || t('ยังไม่ได้สังกัดกอง', 'none yet')}</strong>
        </p>
      ) : null}
      {data.returns.map((r) => (
        <ReturnNotice
          key={r.sectionNo}
          r={r}
          sectionNo={r.sectionNo}
          name={lang === 'en' ? r.sectionNameEn : r.sectionNameTh}
          lang={lang}
          certifyHref={`/certification/laos/${data.laoCode}/years/${data.year}#aspect-${r.sectionNo}`}
        />
      ))}
      <NationalDeadline due={data.nationalDeadline} year={data.year} t={t} />
      {p.canManage ? (
        <ul class="govuk-list">
          <li>
            <a class="govuk-link" href={`/laos/${data.laoCode}/years/${data.year}/assignments`}>
              {t('มอบหมายงานให้กองและกำหนดแล้วเสร็จ', 'Assign the work to divisions, with due dates')}
            </a>
          </li>
          <li>
            <a class="govuk-link" href={`/laos/${data.laoCode}/divisions`}>
              {t('กองและเจ้าหน้าที่', 'Divisions and staff')}
            </a>
          </li>
        </ul>
      ) : null}
      <p class="govuk-body">
        <a class="govuk-link" href={`/laos/${data.laoCode}/years/${data.year}/assignments/memo`}>
          {t('บันทึกข้อความมอบหมายงาน', 'The assignment memo')}
        </a>
      </p>
      <p class="govuk-body">
        {t(`ชุดข้อมูลทั้งหมด ${data.items.length} ชุด`, `${data.items.length} data sets`)}
        {overdue ? (
          <>
            {' · '}
            <Tag colour="red">{t(`เลยกำหนด ${overdue} ชุด`, `${overdue} overdue`)}</Tag>
          </>
        ) : null}
      </p>
      {data.items.length ? (
        <DataTable
          caption={title}
          rows={data.items}
          rowKey={(i) => i.datasetId}
          rowClass={(i) => (i.overdue ? 'app-overdue' : undefined)}
          columns={[
            {
              label: t('ชุดข้อมูล', 'Data set'),
              cell: (i) => (
                <>
                  <a class="govuk-link" href={i.href}>
                    {lang === 'en' ? i.nameEn : i.nameTh}
                  </a>
                  {i.divisionNameTh ? (
                    <span class="govuk-body-s app-muted">{` · ${i.divisionNameTh}`}</span>
                  ) : null}
                </>
              ),
            },
            {
              label: t('ด้าน', 'Section'),
              cell: (i) =>
                sectionTitle({ no: i.sectionNo, nameTh: i.sectionNameTh, nameEn: i.sectionNameEn }, lang),
            },
            {
              label: t('สถานะ', 'Status'),
              cell: (i) =>
                i.returned ? (
                  <>
                    <Tag colour="red">{returnLabel(i.returned, lang)}</Tag>
                    <br />
                    <span class="govuk-body-s">
                      {i.returned.reason ?? ''} ({i.returned.byName}, {formatDateTimeBE(i.returned.at)})
                    </span>
                  </>
                ) : (
                  <StatusTag status={i.status} lang={lang} />
                ),
            },
            {
              label: t('แก้ไขล่าสุด', 'Last change'),
              cell: (i) =>
                i.updatedAt ? `${formatDateTimeBE(i.updatedAt)} ${t('โดย', 'by')} ${i.updatedBy ?? ''}` : '–',
            },
            {
              label: t('กำหนดแล้วเสร็จ', 'Due'),
              class: 'app-nowrap',
              cell: (i) => (
                <>
                  {be(i.dueDate)}
                  {i.overdue ? (
                    <>
                      {' '}
                      <Tag colour="red">{t('เลยกำหนด', 'Overdue')}</Tag>
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      ) : (
        <p class="govuk-body">
          {t(
            'ยังไม่มีชุดข้อมูลที่มอบหมายให้กองของคุณในปีนี้ ติดต่อผู้ดูแลระบบ อปท.',
            'No data set is assigned to your divisions this year; ask your LAO administrator',
          )}
        </p>
      )}
    </Layout>
  );
}

/** The central administrator's national deadlines: set one per fiscal year, see those set. */
export function DeadlinesPage(p: {
  ctx: PageCtx;
  deadlines: { year: number; dueDate: string; setBy: string; setAt: string }[];
  values: Record<string, string | undefined>;
  errors: ViewFieldError[];
  done?: string | undefined;
}) {
  const t = translator(p.ctx.lang);
  const title = t('กำหนดส่งข้อมูลประจำปีงบประมาณ', 'National deadlines');
  return (
    <Layout ctx={p.ctx} title={title} hasErrors={p.errors.length > 0}>
      <ErrorSummary errors={p.errors} lang={p.ctx.lang} />
      <NoticeBanner
        text={p.done === 'saved' ? t('บันทึกกำหนดส่งแล้ว', 'The deadline was saved') : undefined}
        lang={p.ctx.lang}
      />
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">
        {t(
          'วันที่ อปท. ทุกแห่งต้องบันทึกข้อมูลให้เป็นปัจจุบัน ใช้เป็นกำหนดแล้วเสร็จของชุดข้อมูลที่ อปท. ยังไม่ได้กำหนดเอง',
          'The day every LAO must have its data up to date; it is the due date of any data set the LAO has not given one',
        )}
      </p>
      <form method="post" action="/admin/deadlines" novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <TextInput
          name="year"
          label={t('ปีงบประมาณ (พ.ศ.)', 'Fiscal year (BE)')}
          hint={t('เช่น 2569', 'e.g. 2569')}
          width="5"
          inputmode="numeric"
          value={p.values.year}
          error={errorFor(p.errors, 'year')}
        />
        <DateInput
          name="dueDate"
          label={t('กำหนดส่ง', 'Deadline')}
          value={p.values.dueDate}
          error={errorFor(p.errors, 'dueDate')}
          lang={p.ctx.lang}
        />
        <button type="submit" class="govuk-button">
          {t('บันทึกกำหนดส่ง', 'Save the deadline')}
        </button>
      </form>
      {p.deadlines.length ? (
        <DataTable
          caption={t('กำหนดส่งที่ตั้งไว้', 'Deadlines set')}
          captionSize="m"
          rows={p.deadlines}
          rowKey={(d) => d.year}
          columns={[
            { label: t('ปีงบประมาณ', 'Fiscal year'), cell: (d) => d.year },
            { label: t('กำหนดส่ง', 'Deadline'), cell: (d) => isoToBE(d.dueDate) },
            { label: t('ตั้งโดย', 'Set by'), cell: (d) => `${d.setBy} · ${formatDateTimeBE(d.setAt)}` },
          ]}
        />
      ) : (
        <>
          <h2 class="govuk-heading-m">{t('กำหนดส่งที่ตั้งไว้', 'Deadlines set')}</h2>
          <p class="govuk-body">{t('ยังไม่ได้กำหนด', 'None set yet')}</p>
        </>
      )}
    </Layout>
  );
}
