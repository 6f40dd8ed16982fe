import type { ComponentChildren } from 'preact';
import { isoToBE } from '../assignments/due-dates.ts';
import { ScrollBox, StateTag, TableHead } from '../certification/certification.marks.tsx';
import { aspectStates, stateLabel } from '../certification/certification.state.ts';

import { translator } from '../plugins/i18n.ts';
import { laoTypes } from '../registry/lao-names.ts';
import { typeLabel } from '../registry/registry.views.tsx';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  ErrorSummary,
  hrefWith,
  NoticeBanner,
  Pager,
  Select,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
  type ViewFieldError,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { ProgressChart } from './chart.tsx';
import type { Extension, NationalSummary, ProvinceDashboard, ProvinceFilter } from './dashboards.service.ts';

type Lang = PageCtx['lang'];
const pctText = (n: number, of: number, lang: Lang) =>
  `${(of > 0 ? (n / of) * 100 : 0).toLocaleString(lang === 'en' ? 'en' : 'th', { maximumFractionDigits: 1 })}%`;
const num = (n: number, lang: Lang) => n.toLocaleString(lang === 'en' ? 'en' : 'th');

/** A table that scrolls sideways on a narrow screen, with its caption for screen readers (the label by default). */
function ScrollTable(p: {
  label: string;
  caption?: string;
  id?: string;
  status?: boolean;
  children: ComponentChildren;
}) {
  return (
    <ScrollBox label={p.label}>
      <table class={p.status ? 'govuk-table app-status-table' : 'govuk-table'} id={p.id}>
        <caption class="govuk-visually-hidden">{p.caption ?? p.label}</caption>
        {p.children}
      </table>
    </ScrollBox>
  );
}

/** The row's header cell: a link to what the row is about. */
function RowLink({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <th scope="row" class="govuk-table__header">
      <a class="govuk-link" href={href}>
        {children}
      </a>
    </th>
  );
}

/** A right-aligned cell for a number or a share. */
function Num({ state, children }: { state?: string; children: ComponentChildren }) {
  return (
    <td class="govuk-table__cell govuk-table__cell--numeric" data-state={state}>
      {children}
    </td>
  );
}

/** The LAO (linked to its certification page for the year) and its district. */
function LaoCells({
  l,
  year,
}: {
  l: { code: string; nameTh: string; districtNameTh: string };
  year: number;
}) {
  return (
    <>
      <RowLink href={`/certification/laos/${l.code}/years/${year}`}>{l.nameTh}</RowLink>
      <td class="govuk-table__cell">{l.districtNameTh}</td>
    </>
  );
}

function YearForm({
  ctx,
  action,
  year,
  years,
}: {
  ctx: PageCtx;
  action: string;
  year: number;
  years: number[];
}) {
  const t = translator(ctx.lang);
  return (
    <form method="get" action={action} class="app-search-row">
      <Select
        name="year"
        label={t('ปีงบประมาณ', 'Fiscal year')}
        value={String(year)}
        options={years.map((y) => ({ value: String(y), label: String(y) }))}
      />
      <div class="govuk-form-group">
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('แสดง', 'Show')}
        </button>
      </div>
    </form>
  );
}

function DeadlineLine({ deadline, year, lang }: { deadline: string | null; year: number; lang: Lang }) {
  const t = translator(lang);
  return (
    <p class="govuk-body">
      {deadline
        ? t(
            `กำหนดส่งข้อมูลปีงบประมาณ ${year}: ${isoToBE(deadline)}`,
            `Fiscal year ${year} deadline: ${isoToBE(deadline)}`,
          )
        : t(
            `ส่วนกลางยังไม่ได้กำหนดวันส่งข้อมูลของปีงบประมาณ ${year}`,
            `The centre has not set fiscal year ${year}'s deadline yet`,
          )}
    </p>
  );
}

/** The three headline shares of a summary. */
function Headline({ s, lang }: { s: NationalSummary['totals']; lang: Lang }) {
  const t = translator(lang);
  const items = [
    [t('ด้านที่บันทึกครบ', 'Aspects recorded'), s.recorded],
    [t('อปท. รับรองแล้ว', 'Certified by the LAO'), s.laoCertified],
    [t('จังหวัดรับรองแล้ว', 'Certified by the province'), s.provinceCertified],
  ] as const;
  return (
    <SummaryList
      rows={items.map(([label, n]) => [
        label,
        <>
          <strong>{pctText(n, s.aspects, lang)}</strong>{' '}
          {t(
            `(${num(n, lang)} จาก ${num(s.aspects, lang)} ด้าน)`,
            `(${num(n, lang)} of ${num(s.aspects, lang)} aspects)`,
          )}
        </>,
      ])}
    />
  );
}

type NationalRow = NationalSummary['provinces'][number] & { behind?: number; extensions?: number };

/**
 * The national dashboard: headline shares, the progress chart toward the deadline and a table per province.
 * `admin` adds the LAOs behind the deadline, the extensions and links to each province's dashboard.
 */
export function NationalPage(p: {
  ctx: PageCtx;
  s: Omit<NationalSummary, 'provinces'> & { provinces: NationalRow[] };
  years: number[];
  admin: boolean;
  behind?: number;
  extensions?: Extension[];
}) {
  const { ctx, s } = p;
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const title = p.admin
    ? t(`แดชบอร์ดระดับประเทศ ปีงบประมาณ ${s.year}`, `National dashboard, fiscal year ${s.year}`)
    : t(
        `ภาพรวมการบันทึกและรับรองข้อมูล ปีงบประมาณ ${s.year}`,
        `Recording and certification, fiscal year ${s.year}`,
      );
  return (
    <Layout ctx={ctx} title={title} wide>
      <h1 class="govuk-heading-l">{title}</h1>
      <YearForm
        ctx={ctx}
        action={p.admin ? '/dashboards/national' : '/dashboards/summary'}
        year={s.year}
        years={p.years}
      />
      <DeadlineLine deadline={s.deadline} year={s.year} lang={ctx.lang} />
      <p class="govuk-body">
        {t(
          `อปท. ${num(s.totals.laos, 'th')} แห่ง × 8 ด้าน = ${num(s.totals.aspects, 'th')} ด้าน`,
          `${num(s.totals.laos, 'en')} LAOs × 8 aspects = ${num(s.totals.aspects, 'en')} aspects`,
        )}
        {p.admin && p.behind !== undefined
          ? t(
              ` · ล่าช้ากว่ากำหนด ${num(p.behind, 'th')} แห่ง`,
              ` · ${num(p.behind, 'en')} LAOs behind the deadline`,
            )
          : ''}
      </p>
      <Headline s={s.totals} lang={ctx.lang} />
      <h2 class="govuk-heading-m">{t('ความก้าวหน้าเทียบกับกำหนดส่ง', 'Progress toward the deadline')}</h2>
      <ProgressChart
        ctx={ctx}
        id="national-progress"
        points={s.chart.points}
        total={s.totals.aspects}
        from={s.chart.from}
        to={s.chart.to}
        deadline={s.deadline}
        title={t(`ความก้าวหน้าทั้งประเทศ ปีงบประมาณ ${s.year}`, `National progress, fiscal year ${s.year}`)}
      />
      <h2 class="govuk-heading-m">{t('รายจังหวัด', 'By province')}</h2>
      <ScrollTable
        label={t('ตารางรายจังหวัด', 'Table by province')}
        caption={t('ร้อยละของด้านรายจังหวัด', 'Shares of aspects by province')}
        id="provinces"
        status
      >
        <TableHead
          cols={[
            t('จังหวัด', 'Province'),
            { label: t('อปท.', 'LAOs'), numeric: true },
            { label: t('บันทึกครบ', 'Recorded'), numeric: true },
            { label: t('อปท. รับรอง', 'LAO certified'), numeric: true },
            { label: t('จังหวัดรับรอง', 'Province certified'), numeric: true },
            p.admin && { label: t('ล่าช้า (แห่ง)', 'Behind (LAOs)'), numeric: true },
            p.admin && { label: t('ขยายเวลา', 'Extensions'), numeric: true },
          ]}
        />
        <tbody class="govuk-table__body">
          {s.provinces.map((r) => (
            <tr class="govuk-table__row" key={r.code}>
              <RowLink
                href={
                  p.admin
                    ? `/dashboards/province/${r.code}?year=${s.year}`
                    : hrefWith('/status', { year: s.year, province: r.code })
                }
              >
                {en ? r.nameEn : r.nameTh}
              </RowLink>
              <Num>{num(r.laos, ctx.lang)}</Num>
              <Num>{pctText(r.recorded, r.aspects, ctx.lang)}</Num>
              <Num>{pctText(r.laoCertified, r.aspects, ctx.lang)}</Num>
              <Num>{pctText(r.provinceCertified, r.aspects, ctx.lang)}</Num>
              {p.admin ? (
                <>
                  <Num>{num(r.behind ?? 0, ctx.lang)}</Num>
                  <Num>{num(r.extensions ?? 0, ctx.lang)}</Num>
                </>
              ) : null}
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {p.admin && p.extensions ? <ExtensionsTable items={p.extensions} ctx={ctx} showProvince /> : null}
      {!p.admin ? (
        <p class="govuk-body">
          <a class="govuk-link" href={hrefWith('/status', { year: s.year })}>
            {t('ค้นหาสถานะการรับรองข้อมูลราย อปท.', 'Search the certification status of each LAO')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

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
        <ScrollTable label={t('การขยายกำหนดส่ง', 'Deadline extensions')}>
          <TableHead
            cols={[
              p.showProvince && t('จังหวัด', 'Province'),
              t('อปท.', 'LAO'),
              t('ขยายถึง', 'Extended to'),
              t('เหตุผล', 'Reason'),
              t('อนุมัติโดย', 'Granted by'),
              p.revoke && { label: <span class="govuk-visually-hidden">{t('ยกเลิก', 'Revoke')}</span> },
            ]}
          />
          <tbody class="govuk-table__body">
            {p.items.map((x) => (
              <tr class="govuk-table__row" key={x.laoCode}>
                {p.showProvince ? <td class="govuk-table__cell">{x.provinceNameTh}</td> : null}
                <td class="govuk-table__cell">
                  {x.laoNameTh}
                  <br />
                  <span class="govuk-body-s app-muted">
                    {x.laoCode} · {x.districtNameTh}
                  </span>
                </td>
                <td class="govuk-table__cell">{isoToBE(x.dueDate)}</td>
                <td class="govuk-table__cell">{x.reason}</td>
                <td class="govuk-table__cell">
                  {x.grantedBy}
                  <br />
                  <span class="govuk-body-s app-muted">{formatDateTimeBE(x.grantedAt)}</span>
                </td>
                {p.revoke ? (
                  <td class="govuk-table__cell">
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
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </>
  );
}

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
      <table class="govuk-table" id="counts">
        <caption class="govuk-visually-hidden">{t('จำนวนด้านตามสถานะ', 'Aspects by state')}</caption>
        <TableHead
          cols={[
            t('สถานะ', 'State'),
            { label: t('จำนวนด้าน', 'Aspects'), numeric: true },
            { label: t('ร้อยละ', 'Share'), numeric: true },
          ]}
        />
        <tbody class="govuk-table__body">
          {aspectStates.map((s) => (
            <tr class="govuk-table__row" key={s}>
              <RowLink href={hrefWith(base, { ...query, state: s })}>{stateLabel(s, ctx.lang)}</RowLink>
              <Num state={s}>{num(d.counts[s], ctx.lang)}</Num>
              <Num>{pctText(d.counts[s], d.total, ctx.lang)}</Num>
            </tr>
          ))}
        </tbody>
      </table>

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
        <ScrollTable
          label={t('ตาราง อปท. และสถานะรายด้าน', 'LAOs and the state of each aspect')}
          caption={t('สถานะรายด้านของ อปท.', 'State of each aspect')}
          id="grid"
          status
        >
          <TableHead
            cols={[
              t('อปท.', 'LAO'),
              t('อำเภอ', 'District'),
              ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => t(`ด้านที่ ${n}`, `Aspect ${n}`)),
            ]}
          />
          <tbody class="govuk-table__body">
            {rows.map((l) => (
              <tr class="govuk-table__row" key={l.code}>
                <LaoCells l={l} year={d.year} />
                {l.aspects.map((a) => (
                  <td class="govuk-table__cell" key={a.no}>
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
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
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
        <ScrollTable label={t('อปท. ที่ล่าช้ากว่ากำหนด', 'LAOs behind the deadline')} id="behind-table">
          <TableHead
            cols={[
              t('อปท.', 'LAO'),
              t('อำเภอ', 'District'),
              { label: t('อปท. รับรองแล้ว', 'Certified'), numeric: true },
              t('กำหนดส่ง', 'Due'),
            ]}
          />
          <tbody class="govuk-table__body">
            {d.behind.map((l) => (
              <tr class="govuk-table__row" key={l.code}>
                <LaoCells l={l} year={d.year} />
                <Num>{l.certified}/8</Num>
                <td class="govuk-table__cell">
                  {l.dueDate ? isoToBE(l.dueDate) : '–'}
                  {l.extension ? (
                    <span class="govuk-body-s app-muted">
                      {' '}
                      {t(`(ขยาย: ${l.extension.reason})`, `(extended: ${l.extension.reason})`)}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
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
      <table class="govuk-table" id="results">
        <caption class="govuk-visually-hidden">{t('ผลรายรายการ', 'Result per pair')}</caption>
        <TableHead cols={[t('อปท.', 'LAO'), t('ด้าน', 'Aspect'), t('ผล', 'Result')]} />
        <tbody class="govuk-table__body">
          {p.results.map((r) => (
            <tr class="govuk-table__row" key={`${r.laoCode}:${r.aspectNo}`}>
              <td class="govuk-table__cell">{r.laoNameTh}</td>
              <td class="govuk-table__cell">{r.aspectNo}</td>
              <td class="govuk-table__cell">
                <Tag colour={r.ok ? 'green' : 'red'}>
                  {r.ok ? t('รับรองแล้ว', 'Certified') : t('ไม่สำเร็จ', 'Not certified')}
                </Tag>{' '}
                {r.ok ? '' : r.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="govuk-body">
        <a class="govuk-link" href={p.back}>
          {t(`กลับไปแดชบอร์ดจังหวัด${p.provinceName}`, `Back to the ${p.provinceName} dashboard`)}
        </a>
      </p>
    </Layout>
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
