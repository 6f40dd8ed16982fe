import type { FieldDef } from '../catalog/catalog.schemas.ts';
import { translator } from '../plugins/i18n.ts';
import { DataTable, hrefWith, SummaryList } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { fieldColumns } from './exports.service.ts';
import { ATTRIBUTION, LICENCE, type OpenDataset, PUBLISHER } from './opendata.service.ts';

const download = (id: string, year: number, format: 'csv' | 'xlsx') =>
  hrefWith(`/api/v1/exports/datasets/${id}.${format}`, { year });

/** The licence and the attribution, the same words on every open-data page. */
function Terms({ ctx }: { ctx: PageCtx }) {
  const t = translator(ctx.lang);
  return (
    <SummaryList
      rows={[
        [t('ผู้เผยแพร่', 'Publisher'), t(PUBLISHER.nameTh, PUBLISHER.nameEn)],
        [
          t('สัญญาอนุญาต', 'Licence'),
          <a class="govuk-link" href={LICENCE.url} rel="license">
            {t(LICENCE.nameTh, LICENCE.nameEn)}
          </a>,
        ],
        [t('การอ้างอิงที่มา', 'Attribution'), t(ATTRIBUTION.th, ATTRIBUTION.en)],
      ]}
    />
  );
}

/** The list of open data sets: each with its section, the years it has certified data and its page. */
export function OpenDataIndexPage({ ctx, sets }: { ctx: PageCtx; sets: OpenDataset[] }) {
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  return (
    <Layout
      ctx={ctx}
      title={t('ข้อมูลเปิด', 'Open data')}
      wide
      breadcrumbs={[{ href: '/catalog', label: t('ชุดข้อมูล', 'Data catalog') }]}
    >
      <h1 class="govuk-heading-l">{t('ข้อมูลเปิด', 'Open data')}</h1>
      <p class="govuk-body">
        {t(
          'ข้อมูลที่ อปท. รับรองแล้วของทุกชุดข้อมูล ดาวน์โหลดได้รายปีงบประมาณ เป็น CSV (UTF-8) และ Excel หัวตารางอยู่แถวแรก มีรหัสตัวเลือกคู่กับคำอธิบายภาษาไทย และวันที่แบบ ISO 8601 คู่กับวันที่ พ.ศ.',
          'The data certified by the LAOs, for every data set, to download per fiscal year as CSV (UTF-8) or Excel: the header in row 1, option codes beside their Thai labels, ISO 8601 dates beside Buddhist-era ones.',
        )}{' '}
        {t('แค็ตตาล็อกสำหรับโปรแกรม (DCAT, JSON-LD):', 'The catalog for programs (DCAT, JSON-LD):')}{' '}
        <a class="govuk-link" href="/api/v1/opendata/catalog">
          /api/v1/opendata/catalog
        </a>
      </p>
      <Terms ctx={ctx} />
      {sets.length === 0 ? (
        <p class="govuk-body">{t('ยังไม่มีข้อมูลที่รับรองแล้ว', 'No certified data yet')}</p>
      ) : (
        <DataTable
          caption={t('ชุดข้อมูลที่มีข้อมูลเปิด', 'Data sets with open data')}
          captionSize="m"
          rows={sets}
          rowKey={(s) => s.dataset.id}
          columns={[
            {
              label: t('ชุดข้อมูล', 'Data set'),
              rowHeader: true,
              cell: (s) => (
                <a class="govuk-link" href={`/opendata/${s.dataset.id}`}>
                  {en ? s.dataset.nameEn : s.dataset.nameTh}
                </a>
              ),
            },
            { label: t('หมวด', 'Section'), cell: (s) => (en ? s.section.nameEn : s.section.nameTh) },
            {
              label: t('ปีงบประมาณ', 'Fiscal years'),
              cell: (s) => s.years.map((y) => String(y.year)).join(', '),
            },
          ]}
        />
      )}
      <h2 class="govuk-heading-m" id="gdc">
        {t('ข้อมูลตามมาตรฐานบัญชีข้อมูลภาครัฐ', 'Thai government data catalog fields')}
      </h2>
      <p class="govuk-body">
        {t(
          'แค็ตตาล็อก DCAT มีคำอธิบายชุดข้อมูลตามมาตรฐานบัญชีข้อมูลภาครัฐ (GD-Catalog) ตามชื่อฟิลด์ของส่วนขยาย CKAN ที่ระบบบัญชีข้อมูลภาครัฐใช้เก็บเกี่ยว:',
          'The DCAT catalog describes each data set with the fields of the Thai government data catalog standard (GD-Catalog), named as the CKAN extension that government catalogs harvest with names them:',
        )}
      </p>
      <ul class="govuk-list govuk-list--bullet">
        {(
          [
            ['gdc:data_type', 'ประเภทข้อมูล', 'type of data'],
            ['gdc:objective', 'วัตถุประสงค์', 'objective'],
            ['gdc:update_frequency_unit', 'ความถี่ในการปรับปรุงข้อมูล', 'update frequency'],
            ['gdc:geo_coverage', 'ขอบเขตเชิงภูมิศาสตร์', 'geographic coverage'],
            ['gdc:data_category', 'หมวดหมู่ข้อมูล', 'data category'],
            ['gdc:data_classification', 'การจัดชั้นข้อมูล', 'data classification'],
            ['gdc:license', 'สัญญาอนุญาต', 'licence'],
          ] as const
        ).map(([term, th, en]) => (
          <li key={term}>
            {t(th, en)} <code>{term}</code>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const typeText = (f: FieldDef, t: (th: string, en: string) => string) =>
  ({
    integer: t('จำนวนเต็ม', 'Whole number'),
    decimal: t('ตัวเลขทศนิยม', 'Decimal number'),
    text: t('ข้อความ', 'Text'),
    enum: t('รหัสตัวเลือก', 'Option code'),
    multi_enum: t('รหัสตัวเลือก คั่นด้วย ;', 'Option codes, separated by ;'),
    boolean: t('true/false', 'true/false'),
    date: t('วันที่', 'Date'),
    geo: t('พิกัด', 'Point'),
  })[f.type] ?? f.type;

/**
 * One data set's open-data page: what it holds (its columns as they appear in the download, with the code list
 * of every option field), the licence and attribution, and the download of each fiscal year's certified data.
 */
export function OpenDatasetPage({ ctx, set }: { ctx: PageCtx; set: OpenDataset }) {
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const d = set.dataset;
  const name = en ? d.nameEn : d.nameTh;
  const columns = d.fields.flatMap((f) =>
    fieldColumns(f).header.map((h, i) => ({
      key: `${f.key}-${i}`,
      header: h,
      field: f,
      what: i === 0 ? (en ? f.labelEn : f.labelTh) : typeText(f, t),
    })),
  );
  const coded = d.fields.filter((f) => f.options.length > 0);
  return (
    <Layout
      ctx={ctx}
      title={t(`ข้อมูลเปิด: ${name}`, `Open data: ${name}`)}
      wide
      breadcrumbs={[{ href: '/opendata', label: t('ข้อมูลเปิด', 'Open data') }]}
    >
      <span class="govuk-caption-l">{en ? set.section.nameEn : set.section.nameTh}</span>
      <h1 class="govuk-heading-l">{name}</h1>
      <p class="govuk-body">{en ? d.descriptionEn : d.descriptionTh}</p>
      <p class="govuk-body">
        <a class="govuk-link" href={`/catalog/${set.years[0]!.year}/datasets/${d.id}`}>
          {t('นิยามของชุดข้อมูลในแค็ตตาล็อก', 'The data set’s definition in the catalog')}
        </a>
        {' · '}
        <a class="govuk-link" href={hrefWith('/reports', { dataset: d.id })}>
          {t('รายงาน', 'Reports')}
        </a>
      </p>
      <Terms ctx={ctx} />
      <DataTable
        caption={t('ดาวน์โหลดข้อมูลที่รับรองแล้ว รายปีงบประมาณ', 'Download the certified data, per fiscal year')}
        captionSize="m"
        id="downloads"
        rows={set.years}
        rowKey={(y) => y.year}
        columns={[
          { label: t('ปีงบประมาณ', 'Fiscal year'), rowHeader: true, cell: (y) => String(y.year) },
          {
            label: t('อปท. ที่รับรองแล้ว', 'LAOs certified'),
            numeric: true,
            cell: (y) => y.laos.toLocaleString(en ? 'en' : 'th'),
          },
          {
            label: t('ดาวน์โหลด', 'Download'),
            cell: (y) => (
              <>
                <a class="govuk-link" href={download(d.id, y.year, 'csv')} download>
                  CSV<span class="govuk-visually-hidden"> {y.year}</span>
                </a>
                {' · '}
                <a class="govuk-link" href={download(d.id, y.year, 'xlsx')} download>
                  Excel<span class="govuk-visually-hidden"> {y.year}</span>
                </a>
              </>
            ),
          },
        ]}
      />
      <DataTable
        caption={t('คอลัมน์ในแฟ้ม', 'Columns of the file')}
        captionSize="m"
        rows={[
          ...['ปีงบประมาณ', 'รหัส อปท.', 'อปท.', 'ประเภท อปท.', 'จังหวัด', 'อำเภอ', 'ลำดับ'].map((h) => ({
            key: h,
            header: h,
            what: t('ข้อมูล อปท. ตามทะเบียนของปีนั้น', 'The LAO as the registry stood that year'),
          })),
          ...columns,
        ]}
        rowKey={(c) => c.key}
        columns={[
          { label: t('หัวคอลัมน์', 'Header'), rowHeader: true, cell: (c) => c.header },
          { label: t('ความหมาย', 'Meaning'), cell: (c) => c.what },
        ]}
      />
      {coded.map((f) => (
        <DataTable
          key={f.key}
          caption={t(`รหัสของ ${f.labelTh}`, `Codes of ${f.labelEn}`)}
          captionSize="s"
          rows={f.options}
          rowKey={(o) => o.value}
          columns={[
            { label: t('รหัส', 'Code'), rowHeader: true, cell: (o) => o.value },
            { label: t('ภาษาไทย', 'Thai'), cell: (o) => o.labelTh },
            { label: t('ภาษาอังกฤษ', 'English'), cell: (o) => o.labelEn },
          ]}
        />
      ))}
    </Layout>
  );
}
