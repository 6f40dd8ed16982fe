import { sectionShortName } from '../assignments/section-names.ts';
import { translator } from '../plugins/i18n.ts';
import { roleName } from '../policy/policy.ts';
import type { Role } from '../users/users.table.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  NoticeBanner,
  ScrollBox,
  TextInput,
  type ViewFieldError,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { DivisionsOverview } from './divisions.service.ts';

type T = (th: string, en: string) => string;
export type LaoHead = { code: string; nameTh: string };

/** The LAO's pages of work management, for the breadcrumbs and the links between them. */
export const laoWorkLinks = (code: string, t: T, year = fiscalYearOf()) => [
  { href: '/my-work', label: t('งานของฉัน', 'My work') },
  { href: `/laos/${code}/years/${year}/assignments`, label: t('มอบหมายงาน', 'Assignments') },
  { href: `/laos/${code}/divisions`, label: t('กองและเจ้าหน้าที่', 'Divisions and staff') },
];

function assignedText(a: DivisionsOverview['divisions'][number]['assignments'], t: T) {
  if (!a.length) return '–';
  const years = [...new Set(a.map((x) => x.year))];
  return years
    .map(
      (y) =>
        `${t('ปี', 'FY')} ${y}: ${a
          .filter((x) => x.year === y)
          .map(
            (x) =>
              sectionShortName(x.sectionNo, t('th', 'en') as 'th' | 'en') +
              (x.datasetId ? ` (${x.datasetId})` : ''),
          )
          .join(', ')}`,
    )
    .join('; ');
}

/** The LAO's divisions with their staff and assignments; add, rename, remove; who belongs where. */
export function DivisionsPage(p: {
  ctx: PageCtx;
  lao: LaoHead;
  data: DivisionsOverview;
  canManage: boolean;
  values: Record<string, string | undefined>;
  errors: ViewFieldError[];
  done?: string | undefined;
}) {
  const t = translator(p.ctx.lang);
  const e = p.errors;
  const base = `/laos/${p.lao.code}/divisions`;
  const doneText: Record<string, string> = {
    added: t('เพิ่มกองแล้ว', 'The division was added'),
    renamed: t('บันทึกการแก้ไขกองแล้ว', 'The division was saved'),
    removed: t('ลบกองแล้ว', 'The division was removed'),
    staff: t('บันทึกกองของเจ้าหน้าที่แล้ว', 'The staff member’s divisions were saved'),
  };
  const title = t('กองและเจ้าหน้าที่', 'Divisions and staff');
  return (
    <Layout
      ctx={p.ctx}
      title={`${title} ${p.lao.nameTh}`}
      hasErrors={e.length > 0}
      wide
      breadcrumbs={laoWorkLinks(p.lao.code, t).slice(0, 2)}
    >
      <ErrorSummary errors={e} lang={p.ctx.lang} />
      <NoticeBanner text={p.done ? doneText[p.done] : undefined} lang={p.ctx.lang} />
      <span class="govuk-caption-l">
        {p.lao.nameTh} · {p.lao.code}
      </span>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">
        {t(
          'กองที่ อปท. เริ่มต้นมาเป็นไปตามบันทึกข้อความต้นแบบ (อบจ. เทศบาลนคร และเมืองพัทยา มีกองแผนหรือกองยุทธศาสตร์เพิ่ม) เพิ่ม แก้ไขชื่อ หรือลบได้ตามโครงสร้างจริงของ อปท.',
          'The LAO starts with the divisions of the seed memo (provincial organisations, cities and Pattaya also get a planning division); add, rename or remove them to match the real organisation.',
        )}
      </p>
      <DataTable
        caption={t('กอง/ฝ่าย', 'Divisions')}
        captionSize="m"
        rows={p.data.divisions}
        rowKey={(d) => d.id}
        columns={[
          { label: t('ลำดับ', 'No.'), cell: (_d, i) => i + 1 },
          {
            label: t('กอง/ฝ่าย', 'Division'),
            cell: (d) => (
              <span id={`division-${d.id}`}>
                {d.nameTh}
                {d.nameEn ? <span class="govuk-body-s app-muted" lang="en">{` · ${d.nameEn}`}</span> : null}
              </span>
            ),
          },
          {
            label: t('หัวหน้า', 'Head'),
            cell: (d) =>
              d.headNameTh ? `${d.headNameTh}${d.headPositionTh ? ` (${d.headPositionTh})` : ''}` : '–',
          },
          { label: t('เจ้าหน้าที่', 'Staff'), cell: (d) => d.staff.map((s) => s.displayName).join(', ') || '–' },
          { label: t('งานที่มอบหมาย', 'Assigned'), cell: (d) => assignedText(d.assignments, t) },
          p.canManage && {
            label: t('จัดการ', 'Manage'),
            cell: (d) => (
              <>
                <a class="govuk-link" href={`${base}/${d.id}/edit`}>
                  {t('แก้ไข', 'Edit')}
                  <span class="govuk-visually-hidden"> {d.nameTh}</span>
                </a>{' '}
                <form method="post" action={`${base}/${d.id}/delete`} class="app-inline-form">
                  <CsrfField token={p.ctx.csrfToken} />
                  <button type="submit" class="app-link-button">
                    {t('ลบ', 'Remove')}
                    <span class="govuk-visually-hidden"> {d.nameTh}</span>
                  </button>
                </form>
              </>
            ),
          },
        ]}
      />
      {p.canManage ? (
        <form method="post" action={base} novalidate>
          <CsrfField token={p.ctx.csrfToken} />
          <h2 class="govuk-heading-m">{t('เพิ่มกอง', 'Add a division')}</h2>
          <TextInput
            name="nameTh"
            label={t('ชื่อกอง/ฝ่าย (ภาษาไทย)', 'Name in Thai')}
            hint={t('เช่น กองแผนและงบประมาณ', 'e.g. กองแผนและงบประมาณ')}
            width="two-thirds"
            value={p.values.nameTh}
            error={errorFor(e, 'nameTh')}
          />
          <TextInput
            name="nameEn"
            label={t('ชื่อภาษาอังกฤษ (ไม่บังคับ)', 'Name in English (optional)')}
            width="two-thirds"
            value={p.values.nameEn}
            error={errorFor(e, 'nameEn')}
          />
          <button type="submit" class="govuk-button">
            {t('เพิ่มกอง', 'Add the division')}
          </button>
        </form>
      ) : null}
      <h2 class="govuk-heading-m">{t('เจ้าหน้าที่ของแต่ละกอง', 'Who belongs to which division')}</h2>
      <p class="govuk-body">
        {t(
          'เจ้าหน้าที่กองบันทึกได้เฉพาะชุดข้อมูลที่มอบหมายให้กองของตน เพิ่มบัญชีใหม่ได้ที่หน้าจัดการผู้ใช้',
          'Division staff record only the data sets assigned to their divisions; new accounts are made on the users page',
        )}{' '}
        <a class="govuk-link" href="/admin/users">
          {t('จัดการผู้ใช้', 'Manage users')}
        </a>
      </p>
      <ScrollBox label={t('เจ้าหน้าที่และกอง', 'Staff and divisions')}>
        <table class="govuk-table">
          <caption class="govuk-visually-hidden">{t('เจ้าหน้าที่และกอง', 'Staff and divisions')}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                {t('ผู้ใช้', 'User')}
              </th>
              <th scope="col" class="govuk-table__header">
                {t('บทบาท', 'Role')}
              </th>
              <th scope="col" class="govuk-table__header">
                {t('กอง', 'Divisions')}
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {p.data.staff.map((s) => (
              <tr class="govuk-table__row" key={s.username}>
                <td class="govuk-table__cell" id={`staff-${s.username}`}>
                  {s.displayName}
                  <br />
                  <span class="govuk-body-s app-muted">
                    {s.username}
                    {s.disabled ? ` · ${t('ระงับแล้ว', 'disabled')}` : ''}
                  </span>
                </td>
                <td class="govuk-table__cell">{roleName(s.role as Role, p.ctx.lang)}</td>
                <td class="govuk-table__cell">
                  {p.canManage ? (
                    <form method="post" action={`${base}/staff/${encodeURIComponent(s.username)}`}>
                      <CsrfField token={p.ctx.csrfToken} />
                      <fieldset class="govuk-fieldset">
                        <legend class="govuk-visually-hidden">
                          {t(`กองของ ${s.displayName}`, `Divisions of ${s.displayName}`)}
                        </legend>
                        <div class="govuk-checkboxes govuk-checkboxes--small">
                          {p.data.divisions.map((d) => (
                            <div class="govuk-checkboxes__item" key={d.id}>
                              <input
                                class="govuk-checkboxes__input"
                                id={`m-${s.username}-${d.id}`}
                                name="divisionIds"
                                type="checkbox"
                                value={d.id}
                                checked={s.divisionIds.includes(d.id)}
                              />
                              <label
                                class="govuk-label govuk-checkboxes__label"
                                for={`m-${s.username}-${d.id}`}
                              >
                                {d.nameTh}
                              </label>
                            </div>
                          ))}
                        </div>
                      </fieldset>
                      <button
                        type="submit"
                        class="govuk-button govuk-button--secondary govuk-!-margin-top-2 govuk-!-margin-bottom-0"
                      >
                        {t('บันทึกกอง', 'Save divisions')}
                        <span class="govuk-visually-hidden"> {s.displayName}</span>
                      </button>
                    </form>
                  ) : (
                    p.data.divisions
                      .filter((d) => s.divisionIds.includes(d.id))
                      .map((d) => d.nameTh)
                      .join(', ') || '–'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </Layout>
  );
}
