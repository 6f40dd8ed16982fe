import type { FieldDef } from '../catalog/catalog.schemas.ts';
import { translator } from '../plugins/i18n.ts';
import { roleName } from '../policy/policy.ts';
import { displayValue } from '../records/records.format.ts';
import { StatusTag } from '../records/records.marks.tsx';
import type { RowDiff } from '../records/records.service.ts';
import type { Role } from '../users/users.table.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  NoticeBanner,
  Pager,
  SummaryList,
  Textarea,
  type ViewFieldError,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { ReturnNotice, ScrollBox, StateTag, TableHead } from './certification.marks.tsx';
import type { CertificationEvent, CertificationOverview, DiffLine } from './certification.service.ts';

type Lang = PageCtx['lang'];

const actionNames: Record<string, { th: string; en: string }> = {
  'lao.certify': { th: 'อปท. รับรอง', en: 'Certified by the LAO' },
  'province.certify': { th: 'จังหวัดรับรอง', en: 'Certified by the province' },
  'lao.withdraw': { th: 'ถอนการรับรอง', en: 'Certification withdrawn' },
  'province.return': { th: 'จังหวัดส่งคืน', en: 'Returned by the province' },
  'lao.edit_after_certification': { th: 'แก้ไขหลังรับรอง', en: 'Changed after certification' },
};

/** The name of a logged action, in the page's language. */
export const eventLabel = (e: { level: string; action: string }, lang: Lang) => {
  const n = actionNames[`${e.level}.${e.action}`] ?? actionNames[`lao.${e.action}`];
  return n ? (lang === 'en' ? n.en : n.th) : e.action;
};

const roleLabel = (role: string, lang: Lang) => {
  try {
    return roleName(role as Role, lang);
  } catch {
    return role;
  }
};

function valueText(fields: FieldDef[], key: string, v: unknown, lang: Lang) {
  const f = fields.find((x) => x.key === key);
  if (f) return displayValue(f, v, lang);
  if (v === null || v === undefined || v === '') return '–';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const fieldLabel = (fields: FieldDef[], key: string, lang: Lang) => {
  const f = fields.find((x) => x.key === key);
  return f ? (lang === 'en' ? f.labelEn : f.labelTh) : key;
};

function rowSummary(fields: FieldDef[], values: Record<string, unknown>, lang: Lang) {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${fieldLabel(fields, k, lang)}: ${valueText(fields, k, v, lang)}`)
    .join(' · ');
}

/** One diff entry as table rows: data set, row, field, old → new. */
function diffRows(line: DiffLine, d: RowDiff, lang: Lang, key: string) {
  const t = translator(lang);
  const ds = lang === 'en' ? line.datasetNameEn : line.datasetNameTh;
  const who = `${line.by} · ${formatDateTimeBE(line.at)}${line.reason ? ` · ${t('เหตุผล', 'reason')}: ${line.reason}` : ''}`;
  const row = (rowText: string, field: string, oldV: string, newV: string, k: string) => (
    <tr class="govuk-table__row" key={k}>
      <td class="govuk-table__cell">{ds}</td>
      <td class="govuk-table__cell">{rowText}</td>
      <td class="govuk-table__cell">{field}</td>
      <td class="govuk-table__cell">
        <del>{oldV}</del> → <ins>{newV}</ins>
      </td>
      <td class="govuk-table__cell govuk-body-s">{who}</td>
    </tr>
  );
  switch (d.op) {
    case 'change':
      return Object.entries(d.fields).map(([f, c]) =>
        row(
          t(`แถวที่ ${d.row}`, `Row ${d.row}`),
          fieldLabel(line.fields, f, lang),
          valueText(line.fields, f, c.old, lang),
          valueText(line.fields, f, c.new, lang),
          `${key}-${f}`,
        ),
      );
    case 'add':
      return [
        row(
          t(`แถวที่ ${d.row} (เพิ่ม)`, `Row ${d.row} (added)`),
          t('ทั้งแถว', 'Whole row'),
          '–',
          rowSummary(line.fields, d.values, lang),
          key,
        ),
      ];
    case 'remove':
      return [
        row(
          t(`แถวที่ ${d.row} (ลบ)`, `Row ${d.row} (removed)`),
          t('ทั้งแถว', 'Whole row'),
          rowSummary(line.fields, d.values, lang),
          '–',
          key,
        ),
      ];
    case 'none':
      return [
        row(
          '–',
          t('ไม่มีข้อมูลนี้ในพื้นที่', 'None in our area'),
          d.old ? t('ใช่', 'Yes') : t('ไม่ใช่', 'No'),
          `${d.new ? t('ใช่', 'Yes') : t('ไม่ใช่', 'No')}${d.reason ? ` (${d.reason})` : ''}`,
          key,
        ),
      ];
  }
}

/** What changed since the certified snapshot, for whoever certifies next. */
export function DiffTable({
  diff,
  lang,
  no,
  laoCode,
  year,
}: {
  diff: { level: 'lao' | 'province'; since: string; total: number; changes: DiffLine[] };
  lang: Lang;
  no: number;
  laoCode: string;
  year: number;
}) {
  const t = translator(lang);
  const history = (line: DiffLine) => `/laos/${laoCode}/years/${year}/datasets/${line.datasetId}/history`;
  return (
    <div class="app-diff">
      <ScrollBox label={translator(lang)('สิ่งที่เปลี่ยนแปลง', 'Changes')}>
        <table class="govuk-table" id={`diff-${no}`}>
          <caption class="govuk-table__caption govuk-table__caption--s">
            {diff.level === 'lao'
              ? t(
                  `สิ่งที่เปลี่ยนแปลงหลังการรับรองของ อปท. เมื่อ ${formatDateTimeBE(diff.since)}`,
                  `Changes since the LAO certified on ${formatDateTimeBE(diff.since)}`,
                )
              : t(
                  `สิ่งที่เปลี่ยนแปลงหลังการรับรองของจังหวัดเมื่อ ${formatDateTimeBE(diff.since)}`,
                  `Changes since the province certified on ${formatDateTimeBE(diff.since)}`,
                )}
          </caption>
          <TableHead
            cols={[
              t('ชุดข้อมูล', 'Data set'),
              t('แถว', 'Row'),
              t('ข้อมูล', 'Field'),
              t('เดิม → ใหม่', 'Old → new'),
              t('แก้ไขโดย', 'Changed by'),
            ]}
          />
          <tbody class="govuk-table__body">
            {diff.changes.flatMap((line) =>
              line.changes
                ? line.changes.flatMap((d, i) =>
                    diffRows(line, d, lang, `${line.datasetId}-${line.version}-${i}`),
                  )
                : [
                    <tr class="govuk-table__row" key={`${line.datasetId}-${line.version}`}>
                      <td class="govuk-table__cell">
                        {lang === 'en' ? line.datasetNameEn : line.datasetNameTh}
                      </td>
                      <td class="govuk-table__cell" colSpan={3}>
                        <a class="govuk-link" href={`${history(line)}/${line.version}`}>
                          {t(
                            `เปลี่ยน ${line.changeCount.toLocaleString('th')} แถว (รุ่นที่ ${line.version}) — ดูทีละหน้า`,
                            `${line.changeCount.toLocaleString('en')} rows changed (version ${line.version}); see them page by page`,
                          )}
                        </a>
                      </td>
                      <td class="govuk-table__cell govuk-body-s">
                        {line.by} · {formatDateTimeBE(line.at)}
                        {line.reason ? ` · ${t('เหตุผล', 'reason')}: ${line.reason}` : ''}
                      </td>
                    </tr>,
                  ],
            )}
          </tbody>
        </table>
      </ScrollBox>
      {diff.total > diff.changes.length ? (
        <p class="govuk-body-s">
          {t(
            `แสดงการบันทึก ${diff.changes.length} ครั้งแรกจาก ${diff.total.toLocaleString('th')} ครั้ง — ดูที่เหลือในประวัติการแก้ไขของแต่ละชุดข้อมูล`,
            `The first ${diff.changes.length} of ${diff.total.toLocaleString('en')} saves; the rest are in each data set's history`,
          )}
        </p>
      ) : null}
    </div>
  );
}

const when = (
  iso: string | null | undefined,
  by: string | null | undefined,
  names: Map<string, string>,
  lang: Lang,
) =>
  iso
    ? `${formatDateTimeBE(iso)}${by ? ` ${lang === 'en' ? 'by' : 'โดย'} ${names.get(by) ?? by}` : ''}`
    : '–';

/** An aspect's data sets, each a link to its (read-only for the province) page, with its quality notes. */
function DatasetList(p: {
  datasets: CertificationOverview['aspects'][number]['datasets'];
  lang: Lang;
  caption: string;
}) {
  const t = translator(p.lang);
  const notes = (d: (typeof p.datasets)[number]) =>
    [
      d.errorCount > 0 ? t(`ข้อผิดพลาด ${d.errorCount} รายการ`, `${d.errorCount} errors`) : '',
      d.explainedRows > 0
        ? t(`ค่าผิดปกติที่มีคำอธิบาย ${d.explainedRows} แถว`, `${d.explainedRows} unusual values explained`)
        : '',
    ].filter(Boolean);
  return (
    <DataTable
      caption={t('ชุดข้อมูล: ดูข้อมูลก่อนรับรอง', 'Data sets: look at the data before certifying')}
      captionSize="s"
      rows={p.datasets}
      rowKey={(d) => d.id}
      columns={[
        {
          label: t('ชุดข้อมูล', 'Data set'),
          cell: (d) => (
            <a class="govuk-link" href={d.href}>
              {p.lang === 'en' ? d.nameEn : d.nameTh}
            </a>
          ),
        },
        { label: t('สถานะ', 'Status'), cell: (d) => <StatusTag status={d.status} lang={p.lang} /> },
        {
          label: t('คุณภาพข้อมูล', 'Quality notes'),
          cell: (d) => (notes(d).length ? notes(d).join(' · ') : t('ไม่มีข้อสังเกต', 'Nothing to note')),
        },
      ]}
    />
  );
}

/** The certification page of one LAO and fiscal year: each aspect with its state, actions and diff. */
export function CertificationPage(p: {
  ctx: PageCtx;
  o: CertificationOverview;
  errors?: ViewFieldError[];
  values?: Record<string, string>;
  done?: string | null;
  years: number[];
}) {
  const { ctx, o } = p;
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const errors = p.errors ?? [];
  const base = `/certification/laos/${o.lao.code}/years/${o.year}`;
  return (
    <Layout
      ctx={ctx}
      title={t(
        `การรับรองข้อมูล ${o.lao.nameTh} ปีงบประมาณ ${o.year}`,
        `Certification: ${o.lao.nameTh}, FY ${o.year}`,
      )}
      hasErrors={errors.length > 0}
      scripts={['confirm.js']}
      breadcrumbs={[
        ...(o.may.province
          ? [
              {
                href: `/dashboards/province/${o.lao.provinceCode}?year=${o.year}`,
                label: t('แดชบอร์ดจังหวัด', 'Province dashboard'),
              },
            ]
          : []),
        { href: `/laos/${o.lao.code}/years/${o.year}`, label: `${o.lao.nameTh} ${o.year}` },
      ]}
    >
      <ErrorSummary errors={errors} lang={ctx.lang} />
      <NoticeBanner text={p.done} lang={ctx.lang} />
      <span class="govuk-caption-l">
        {o.lao.nameTh} · {t(`ปีงบประมาณ ${o.year}`, `Fiscal year ${o.year}`)}
      </span>
      <h1 class="govuk-heading-l">{t('การรับรองข้อมูล', 'Certification')}</h1>
      <nav class="app-year-nav app-noprint" aria-label={t('ปีงบประมาณ', 'Fiscal year')}>
        {[...new Set([...p.years, o.year])]
          .sort((a, b) => a - b)
          .map((y) => (
            <a
              key={y}
              class="govuk-link app-year-link"
              href={`/certification/laos/${o.lao.code}/years/${y}`}
              aria-current={y === o.year ? 'page' : undefined}
            >
              {t(`ปีงบประมาณ ${y}`, `FY ${y}`)}
            </a>
          ))}
      </nav>
      <p class="govuk-body">
        <a class="govuk-link" href={`${base}/log`}>
          {t('บันทึกการรับรองข้อมูล', 'Certification log')}
        </a>
      </p>
      <DataTable
        caption={t('สถานะรายด้าน', 'Status by aspect')}
        captionSize="m"
        class="app-status-table"
        rows={o.aspects}
        rowKey={(a) => a.section.no}
        columns={[
          {
            label: t('ด้าน', 'Aspect'),
            rowHeader: true,
            cell: (a) => (
              <a class="govuk-link" href={`#aspect-${a.section.no}`}>
                {a.section.kind === 'aspect' ? t(`ด้านที่ ${a.section.no}`, `Aspect ${a.section.no}`) : ''}{' '}
                {en ? a.section.nameEn : a.section.nameTh}
              </a>
            ),
          },
          { label: t('สถานะ', 'State'), cell: (a) => <StateTag state={a.state} lang={ctx.lang} /> },
          {
            label: t('อปท. รับรอง', 'LAO certified'),
            cell: (a) => (a.row?.lao_certified_at ? formatDateTimeBE(a.row.lao_certified_at) : '–'),
          },
          {
            label: t('จังหวัดรับรอง', 'Province certified'),
            cell: (a) => (a.row?.province_certified_at ? formatDateTimeBE(a.row.province_certified_at) : '–'),
          },
        ]}
      />

      {o.aspects.map((a) => {
        const no = a.section.no;
        const action = (name: string) => `${base}/aspects/${no}/${name}`;
        const title = `${a.section.kind === 'aspect' ? t(`ด้านที่ ${no} `, `Aspect ${no}: `) : ''}${en ? a.section.nameEn : a.section.nameTh}`;
        return (
          <section
            key={no}
            id={`aspect-${no}`}
            class="govuk-!-margin-top-8"
            aria-labelledby={`aspect-${no}-title`}
          >
            <h2 class="govuk-heading-m" id={`aspect-${no}-title`}>
              {title} <StateTag state={a.state} lang={ctx.lang} />
            </h2>
            <SummaryList
              rows={[
                [
                  t('ข้อมูล', 'Data'),
                  <>
                    {t(
                      `บันทึกครบ ${a.datasetCount - a.missing.length} จาก ${a.datasetCount} ชุดข้อมูล`,
                      `${a.datasetCount - a.missing.length} of ${a.datasetCount} data sets complete`,
                    )}
                    {a.missing.length && (o.may.lao || o.may.province) ? (
                      <ul class="govuk-list govuk-list--bullet govuk-body-s">
                        {a.missing.map((m) => (
                          <li key={m.field}>{en ? m.message.en : m.message.th}</li>
                        ))}
                      </ul>
                    ) : null}
                  </>,
                ],
                [
                  t('อปท. รับรอง', 'Certified by the LAO'),
                  when(a.row?.lao_certified_at, a.row?.lao_certified_by, o.names, ctx.lang),
                ],
                [
                  t('จังหวัดรับรอง', 'Certified by the province'),
                  when(a.row?.province_certified_at, a.row?.province_certified_by, o.names, ctx.lang),
                ],
                a.state === 'changed_after_certification' && a.row?.changed_after_certification_at
                  ? [
                      t('แก้ไขหลังรับรอง', 'Changed after certification'),
                      `${formatDateTimeBE(a.row.changed_after_certification_at)} ${t(
                        '— การรับรองไม่นับจนกว่า อปท. จะรับรองอีกครั้ง',
                        '— the certifications do not count until the LAO certifies again',
                      )}`,
                    ]
                  : null,
              ]}
            />
            {a.returned ? (
              <ReturnNotice
                r={a.returned}
                sectionNo={no}
                lang={ctx.lang}
                level={3}
                id={`return-${no}`}
                certifyHref={`#aspect-${no}`}
              />
            ) : null}
            <DatasetList datasets={a.datasets} lang={ctx.lang} caption={title} />
            {a.diff ? (
              <DiffTable diff={a.diff} lang={ctx.lang} no={no} laoCode={o.lao.code} year={o.year} />
            ) : null}
            {o.may.lao && a.missing.length > 0 && !a.row?.lao_certified_at ? (
              <p class="govuk-body govuk-hint">
                {t(
                  'รับรองได้เมื่อบันทึกข้อมูลครบทุกชุดและไม่มีข้อผิดพลาด',
                  'It can be certified once every data set is complete and has no errors',
                )}
              </p>
            ) : null}
            <div class="govuk-button-group">
              {a.may.certifyLao ? (
                <form
                  method="post"
                  action={action('certify')}
                  class="app-inline-form"
                  data-confirm={t(
                    `รับรองว่าข้อมูล${title}ถูกต้อง ครบถ้วน และเป็นปัจจุบัน ใช่หรือไม่`,
                    `Certify that the data of ${title} is correct, complete and current?`,
                  )}
                  data-confirm-yes={t('ยืนยันการรับรอง', 'Confirm the certification')}
                >
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="level" value="lao" />
                  <button type="submit" class="govuk-button">
                    {t(
                      `รับรองข้อมูล${a.section.kind === 'aspect' ? `ด้านที่ ${no}` : ''}`,
                      `Certify ${a.section.kind === 'aspect' ? `aspect ${no}` : 'the report'}`,
                    )}
                  </button>
                </form>
              ) : null}
              {a.may.certifyProvince ? (
                <form
                  method="post"
                  action={action('certify')}
                  class="app-inline-form"
                  data-confirm={t(
                    `จังหวัดรับรองข้อมูล${title}ของ ${o.lao.nameTh} ใช่หรือไม่`,
                    `Certify ${title} of ${o.lao.nameTh} for the province?`,
                  )}
                  data-confirm-yes={t('ยืนยันการรับรอง', 'Confirm the certification')}
                >
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="level" value="province" />
                  <button type="submit" class="govuk-button">
                    {t(
                      `จังหวัดรับรอง${a.section.kind === 'aspect' ? `ด้านที่ ${no}` : ''}`,
                      `Certify ${a.section.kind === 'aspect' ? `aspect ${no}` : 'the report'} for the province`,
                    )}
                  </button>
                </form>
              ) : null}
            </div>
            {a.may.withdraw ? (
              <details class="govuk-details" open={Boolean(errorFor(errors, `reason-withdraw-${no}`))}>
                <summary class="govuk-details__summary">
                  <span class="govuk-details__summary-text">
                    {t(`ถอนการรับรองด้านที่ ${no}`, `Withdraw the certification of aspect ${no}`)}
                  </span>
                </summary>
                <div class="govuk-details__text">
                  <form
                    method="post"
                    action={action('withdraw')}
                    novalidate
                    data-confirm={t(
                      `ถอนการรับรอง${title} ใช่หรือไม่ ต้องรับรองใหม่หลังแก้ไข`,
                      `Withdraw the certification of ${title}? It must be certified again after the correction.`,
                    )}
                    data-confirm-yes={t('ยืนยันการถอนการรับรอง', 'Confirm the withdrawal')}
                  >
                    <CsrfField token={ctx.csrfToken} />
                    <Textarea
                      id={`reason-withdraw-${no}`}
                      name="reason"
                      label={t('เหตุผลที่ถอนการรับรอง', 'Why the certification is withdrawn')}
                      hint={t('จะบันทึกไว้ในบันทึกการรับรองข้อมูล', 'It is kept in the certification log')}
                      error={errorFor(errors, `reason-withdraw-${no}`)}
                      value={p.values?.[`reason-withdraw-${no}`] ?? ''}
                    />
                    <button type="submit" class="govuk-button govuk-button--warning">
                      {t('ถอนการรับรอง', 'Withdraw the certification')}
                    </button>
                  </form>
                </div>
              </details>
            ) : null}
            {a.may.returnIt ? (
              <details class="govuk-details" open={Boolean(errorFor(errors, `reason-return-${no}`))}>
                <summary class="govuk-details__summary">
                  <span class="govuk-details__summary-text">
                    {t(`ส่งคืนด้านที่ ${no} ให้ อปท. แก้ไข`, `Return aspect ${no} to the LAO`)}
                  </span>
                </summary>
                <div class="govuk-details__text">
                  <form
                    method="post"
                    action={action('return')}
                    novalidate
                    data-confirm={t(
                      `ส่งคืน${title}ให้ ${o.lao.nameTh} แก้ไข ใช่หรือไม่`,
                      `Return ${title} to ${o.lao.nameTh} for correction?`,
                    )}
                    data-confirm-yes={t('ยืนยันการส่งคืน', 'Confirm the return')}
                  >
                    <CsrfField token={ctx.csrfToken} />
                    <Textarea
                      id={`reason-return-${no}`}
                      name="reason"
                      label={t('เหตุผลที่ส่งคืน', 'Why it is returned')}
                      hint={t(
                        'อปท. จะเห็นเหตุผลนี้และได้รับทางอีเมล',
                        'The LAO sees this reason and gets it by e-mail',
                      )}
                      error={errorFor(errors, `reason-return-${no}`)}
                      value={p.values?.[`reason-return-${no}`] ?? ''}
                    />
                    <button type="submit" class="govuk-button govuk-button--warning">
                      {t('ส่งคืน', 'Return')}
                    </button>
                  </form>
                </div>
              </details>
            ) : null}
          </section>
        );
      })}
    </Layout>
  );
}

/** The certification log (บันทึกการรับรองข้อมูล) of an LAO or a province, with its CSV export. */
export function LogPage(p: {
  ctx: PageCtx;
  title: string;
  caption: string;
  items: (CertificationEvent & { laoNameTh: string })[];
  csvHref: string;
  showLao: boolean;
  pager?: { page: number; pageSize: number; total: number; href: (page: number) => string } | undefined;
  breadcrumbs: { href: string; label: string }[];
}) {
  const { ctx } = p;
  const t = translator(ctx.lang);
  return (
    <Layout ctx={ctx} title={p.title} breadcrumbs={p.breadcrumbs}>
      <span class="govuk-caption-l">{p.caption}</span>
      <h1 class="govuk-heading-l">{t('บันทึกการรับรองข้อมูล', 'Certification log')}</h1>
      <p class="govuk-body">
        <a class="govuk-link" href={p.csvHref} download>
          {t('ดาวน์โหลด CSV', 'Download CSV')}
        </a>
      </p>
      {p.items.length === 0 ? (
        <p class="govuk-body">
          {t('ยังไม่มีการรับรอง ถอน หรือส่งคืน', 'Nothing certified, withdrawn or returned yet')}
        </p>
      ) : (
        <DataTable
          caption={t('บันทึกการรับรองข้อมูล', 'Certification log')}
          rows={p.items}
          rowKey={(e) => e.id}
          columns={[
            { label: t('วันเวลา', 'When'), cell: (e) => formatDateTimeBE(e.at) },
            p.showLao && {
              label: t('อปท.', 'LAO'),
              cell: (e) => (
                <a class="govuk-link" href={`/certification/laos/${e.laoCode}/years/${e.year}`}>
                  {e.laoNameTh}
                </a>
              ),
            },
            { label: t('ด้าน', 'Aspect'), cell: (e) => e.aspectNo },
            { label: t('การดำเนินการ', 'Action'), cell: (e) => eventLabel(e, ctx.lang) },
            {
              label: t('โดย', 'By'),
              cell: (e) => (
                <>
                  {e.by}
                  <br />
                  <span class="govuk-body-s app-muted">{roleLabel(e.byRole, ctx.lang)}</span>
                </>
              ),
            },
            { label: t('เหตุผล', 'Reason'), cell: (e) => e.reason ?? '' },
          ]}
        />
      )}
      {p.pager ? <Pager lang={ctx.lang} {...p.pager} /> : null}
    </Layout>
  );
}
