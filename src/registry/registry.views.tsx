import { translator } from '../plugins/i18n.ts';
import { DataTable, hrefWith, Pager, Select, SummaryList, TextInput } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { laoTypeInfo, laoTypes } from './lao-names.ts';
import type { ApiLao, getLao, summary } from './registry.service.ts';
import type { DistrictTable, LaoType, ProvinceTable } from './registry.table.ts';

const num = (n: number, lang: string) => n.toLocaleString(lang === 'en' ? 'en' : 'th');

/** A type's Thai short name with its full form (เมืองพัทยา, which has none, once), or its English label. */
export const typeLabel = (t: LaoType, lang: string) =>
  lang === 'en'
    ? laoTypeInfo[t].labelEn
    : laoTypeInfo[t].prefixTh
      ? `${laoTypeInfo[t].shortTh} (${laoTypeInfo[t].prefixTh})`
      : laoTypeInfo[t].shortTh;

export function HomePage({
  ctx,
  summary: s,
}: {
  ctx: PageCtx;
  summary: Awaited<ReturnType<typeof summary>>;
}) {
  const t = translator(ctx.lang);
  return (
    <Layout ctx={ctx} title={t('หน้าแรก', 'Home')}>
      <h1 class="govuk-heading-xl">{t('ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น', 'LAO Central Data System')}</h1>
      <p class="govuk-body-l">
        {t(
          'อปท. ทุกแห่งบันทึกข้อมูล 8 ด้านและรายงานหนี้ทุกปีงบประมาณ รับรองข้อมูลโดย อปท. และสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด และเปิดเผยสถานะต่อสาธารณะ',
          'Every local government records 8 aspects and a debt report each fiscal year; the LAO and the provincial office certify them, and the status is public.',
        )}
      </p>
      <form method="get" action="/registry" class="app-search-row">
        <TextInput
          name="q"
          label={t('ค้นหา อปท. ตามชื่อหรือรหัส', 'Find an LAO by name or code')}
          hint={t(
            'แล้วเลือกดูข้อมูล สถานะการรับรอง หรือคะแนนของ อปท. นั้น',
            'then open its registry entry, its certification status or its score',
          )}
          width="full"
        />
        <button type="submit" class="govuk-button">
          {t('ค้นหา', 'Search')}
        </button>
      </form>
      <h2 class="govuk-heading-m">
        {t(`อปท. ในทะเบียน ปีงบประมาณ ${s.year}`, `LAOs in the registry, fiscal year ${s.year}`)}
      </h2>
      <DataTable
        caption={t('จำนวน อปท. ตามประเภท', 'LAOs by type')}
        rows={[...laoTypes.map((type) => ({ type, n: s.byType[type] })), { type: null, n: s.total }]}
        rowKey={(r) => r.type ?? 'total'}
        columns={[
          {
            label: t('ประเภท', 'Type'),
            rowHeader: true,
            cell: (r) =>
              r.type ? (
                <a class="govuk-link" href={hrefWith('/registry', { type: r.type })}>
                  {typeLabel(r.type, ctx.lang)}
                </a>
              ) : (
                t('รวม', 'Total')
              ),
          },
          {
            label: t('จำนวน', 'Count'),
            numeric: true,
            cell: (r) => (r.type ? num(r.n, ctx.lang) : <strong>{num(r.n, ctx.lang)}</strong>),
          },
        ]}
      />
    </Layout>
  );
}

type RegistryQuery = {
  year: number;
  province?: string | undefined;
  district?: string | undefined;
  type?: LaoType | undefined;
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
};

/** The public status search, prefilled with one LAO (its province, district and code) and a fiscal year. */
export const statusHref = (l: { code: string; provinceCode: string; districtCode: string }, year?: number) =>
  hrefWith('/status', { year, province: l.provinceCode, district: l.districtCode, lao: l.code });

/** An LAO's indicator-4 score page for a fiscal year. */
export const scoreHref = (code: string, year: number) => `/laos/${code}/years/${year}/score`;

function LaoTable({
  ctx,
  items,
  caption,
  year,
}: {
  ctx: PageCtx;
  items: ApiLao[];
  caption: string;
  year: number;
}) {
  const t = translator(ctx.lang);
  return (
    <DataTable
      caption={caption}
      captionSize="s"
      rows={items}
      rowKey={(l) => l.code}
      columns={[
        { label: t('รหัส', 'Code'), cell: (l) => l.code },
        {
          label: t('อปท.', 'LAO'),
          rowHeader: true,
          cell: (l) => (
            <a class="govuk-link" href={`/registry/laos/${l.code}`}>
              {l.nameTh}
            </a>
          ),
        },
        { label: t('จังหวัด', 'Province'), cell: (l) => l.provinceNameTh },
        { label: t('อำเภอ', 'District'), cell: (l) => l.districtNameTh },
        {
          label: t('ดูต่อ', 'See'),
          cell: (l) => (
            <>
              <a class="govuk-link" href={statusHref(l, year)}>
                {t('สถานะการรับรอง', 'Certification status')}
                <span class="govuk-visually-hidden"> {l.nameTh}</span>
              </a>
              {' · '}
              <a class="govuk-link" href={scoreHref(l.code, year)}>
                {t('คะแนน', 'Score')}
                <span class="govuk-visually-hidden"> {l.nameTh}</span>
              </a>
            </>
          ),
        },
      ]}
    />
  );
}

export function RegistryPage(p: {
  ctx: PageCtx;
  query: RegistryQuery;
  provinces: ProvinceTable[];
  districts: DistrictTable[];
  result: { items: ApiLao[]; total: number; page: number; pageSize: number } | null;
}) {
  const { ctx, query } = p;
  const t = translator(ctx.lang);
  const name = (r: { name_th: string; name_en: string }) => (ctx.lang === 'en' ? r.name_en : r.name_th);
  return (
    <Layout ctx={ctx} title={t('ทะเบียน อปท.', 'LAO registry')}>
      <h1 class="govuk-heading-l">{t('ทะเบียน อปท.', 'LAO registry')}</h1>
      <form method="get" action="/registry">
        <div class="app-search-row">
          <TextInput name="q" label={t('ชื่อหรือรหัส อปท.', 'LAO name or code')} value={query.q} />
          <Select
            name="province"
            label={t('จังหวัด', 'Province')}
            empty={t('ทุกจังหวัด', 'All provinces')}
            value={query.province}
            options={p.provinces.map((x) => ({ value: x.code, label: name(x) }))}
          />
          {p.districts.length ? (
            <Select
              name="district"
              label={t('อำเภอ', 'District')}
              empty={t('ทุกอำเภอ', 'All districts')}
              value={query.district}
              options={p.districts.map((x) => ({ value: x.code, label: name(x) }))}
            />
          ) : null}
          <Select
            name="type"
            label={t('ประเภท', 'Type')}
            empty={t('ทุกประเภท', 'All types')}
            value={query.type}
            options={laoTypes.map((x) => ({ value: x, label: typeLabel(x, ctx.lang) }))}
          />
          <TextInput
            name="year"
            label={t('ปีงบประมาณ', 'Fiscal year')}
            value={query.year}
            width="5"
            inputmode="numeric"
          />
        </div>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button">
            {t('ค้นหา', 'Search')}
          </button>
          <a class="govuk-link" href="/registry">
            {t('เริ่มค้นหาใหม่', 'Start again')}
          </a>
        </div>
      </form>
      {p.result ? (
        <>
          <LaoTable ctx={ctx} items={p.result.items} caption={t('ผลการค้นหา', 'Results')} year={query.year} />
          <Pager
            lang={ctx.lang}
            page={p.result.page}
            pageSize={p.result.pageSize}
            total={p.result.total}
            href={(page) => hrefWith('/registry', { ...query, page })}
          />
        </>
      ) : (
        <>
          <h2 class="govuk-heading-m">{t('จังหวัด', 'Provinces')}</h2>
          <ul class="govuk-list app-columns-list">
            {p.provinces.map((x) => (
              <li key={x.code}>
                <a class="govuk-link" href={`/registry/provinces/${x.code}`}>
                  {name(x)}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

export function ProvincePage(p: {
  ctx: PageCtx;
  province: ProvinceTable;
  districts: DistrictTable[];
  counts: Map<string, number>;
  total: number;
}) {
  const t = translator(p.ctx.lang);
  const pname = p.ctx.lang === 'en' ? p.province.name_en : p.province.name_th;
  return (
    <Layout
      ctx={p.ctx}
      title={pname}
      breadcrumbs={[{ href: '/registry', label: t('ทะเบียน อปท.', 'LAO registry') }]}
    >
      <h1 class="govuk-heading-l">{t(`จังหวัด${pname}`, `${pname} province`)}</h1>
      <p class="govuk-body">{t(`อปท. ${num(p.total, 'th')} แห่ง`, `${num(p.total, 'en')} LAOs`)}</p>
      <DataTable
        caption={t('อำเภอ', 'Districts')}
        rows={p.districts}
        rowKey={(d) => d.code}
        columns={[
          {
            label: t('อำเภอ', 'District'),
            cell: (d) => (
              <>
                <a class="govuk-link" href={`/registry/districts/${d.code}`}>
                  {p.ctx.lang === 'en' ? d.name_en : d.name_th}
                </a>
              </>
            ),
          },
          {
            label: t('จำนวน อปท.', 'LAOs'),
            cell: (d) => num(p.counts.get(d.code) ?? 0, p.ctx.lang),
            numeric: true,
          },
        ]}
      />
    </Layout>
  );
}

export function DistrictPage(p: {
  ctx: PageCtx;
  province: ProvinceTable;
  district: DistrictTable;
  laos: ApiLao[];
  year: number;
}) {
  const t = translator(p.ctx.lang);
  const en = p.ctx.lang === 'en';
  const dname = en ? p.district.name_en : p.district.name_th;
  return (
    <Layout
      ctx={p.ctx}
      title={dname}
      breadcrumbs={[
        { href: '/registry', label: t('ทะเบียน อปท.', 'LAO registry') },
        {
          href: `/registry/provinces/${p.province.code}`,
          label: en ? p.province.name_en : p.province.name_th,
        },
      ]}
    >
      <h1 class="govuk-heading-l">{t(`อำเภอ${dname}`, `${dname} district`)}</h1>
      <LaoTable
        ctx={p.ctx}
        items={p.laos}
        year={p.year}
        caption={t(`อปท. ปีงบประมาณ ${p.year}`, `LAOs in fiscal year ${p.year}`)}
      />
    </Layout>
  );
}

export function LaoPage({ ctx, lao }: { ctx: PageCtx; lao: Awaited<ReturnType<typeof getLao>> }) {
  const t = translator(ctx.lang);
  const rows: [string, string][] = [
    [t('รหัส อปท.', 'LAO code'), lao.code],
    [t('ประเภท', 'Type'), typeLabel(lao.type, ctx.lang)],
    [t('จังหวัด', 'Province'), lao.provinceNameTh],
    [t('อำเภอ', 'District'), `${lao.districtNameTh} (${lao.districtCode})`],
    [
      t('สถานะในทะเบียน', 'Registry status'),
      lao.status === 'active'
        ? t('ดำเนินการอยู่', 'Active')
        : t(
            `ยุบรวม/สิ้นสภาพ${lao.mergedInto ? ` (รวมเข้ากับ ${lao.mergedInto})` : ''}`,
            `Retired${lao.mergedInto ? ` (merged into ${lao.mergedInto})` : ''}`,
          ),
    ],
  ];
  if (lao.areaKm2 !== null) rows.push([t('พื้นที่', 'Area'), `${lao.areaKm2.toLocaleString('th')} ตร.กม.`]);
  return (
    <Layout
      ctx={ctx}
      title={lao.nameTh}
      breadcrumbs={[
        { href: '/registry', label: t('ทะเบียน อปท.', 'LAO registry') },
        { href: `/registry/provinces/${lao.provinceCode}`, label: lao.provinceNameTh },
        { href: `/registry/districts/${lao.districtCode}`, label: lao.districtNameTh },
      ]}
    >
      <span class="govuk-caption-l">{t(`ปีงบประมาณ ${lao.year}`, `Fiscal year ${lao.year}`)}</span>
      <h1 class="govuk-heading-l">{lao.nameTh}</h1>
      <ul class="govuk-list app-lao-links">
        <li>
          <a class="govuk-link" href={statusHref(lao, lao.year)}>
            {t(`สถานะการรับรองข้อมูล ปีงบประมาณ ${lao.year}`, `Certification status, fiscal year ${lao.year}`)}
          </a>
        </li>
        <li>
          <a class="govuk-link" href={scoreHref(lao.code, lao.year)}>
            {t(`คะแนนตัวชี้วัดที่ 4 ปีงบประมาณ ${lao.year}`, `Indicator 4 score, fiscal year ${lao.year}`)}
          </a>
        </li>
        <li>
          <a class="govuk-link" href={`/registry/laos/${lao.code}/activities?year=${lao.year}`}>
            {t(`กิจกรรม ปีงบประมาณ ${lao.year}`, `Activities, fiscal year ${lao.year}`)}
          </a>
        </li>
      </ul>
      <SummaryList rows={rows} />
      <h2 class="govuk-heading-m">{t('ประวัติประเภทและชื่อ', 'Type and name history')}</h2>
      <DataTable
        caption={t('ประวัติ', 'History')}
        rows={lao.history}
        rowKey={(h) => String(h.fromYear)}
        columns={[
          {
            label: t('ตั้งแต่ปีงบประมาณ', 'From fiscal year'),
            cell: (h) => h.fromYear ?? t('ทะเบียนตั้งต้น (2566)', 'Baseline registry (2566)'),
          },
          {
            label: t('ชื่อ', 'Name'),
            cell: (h) => (h.status === 'retired' ? `${h.nameTh} ${t('(สิ้นสภาพ)', '(retired)')}` : h.nameTh),
          },
          { label: t('หมายเหตุ', 'Note'), cell: (h) => h.note ?? h.source },
        ]}
      />
    </Layout>
  );
}
