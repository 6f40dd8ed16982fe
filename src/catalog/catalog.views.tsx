import { translator } from '../plugins/i18n.ts';
import { typeLabel } from '../registry/registry.views.tsx';
import { formatFieldNumber } from '../util/numbers.ts';
import { formatDateBE } from '../util/thai-date.ts';
import { DataTable, SummaryList, Tag, TextInput, YearSelect } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { DatasetDef, FieldDef, FieldType, RuleDef, SourceTag } from './catalog.schemas.ts';
import { type Catalog, type getDataset, searchCatalog } from './catalog.service.ts';

type T = ReturnType<typeof translator>;

const kindLabel = (t: T, kind: DatasetDef['kind']) =>
  kind === 'form'
    ? t('แบบฟอร์ม (1 ระเบียนต่อปี)', 'Form (one record a year)')
    : t('รายการ (หลายแถว)', 'List (rows)');

const sourceLabels: Record<SourceTag, [string, string]> = {
  C: ['ยืนยันจากแหล่งที่อ้างอิง ทั้งชุดข้อมูลและฟิลด์', 'Confirmed by the cited source, the set and its fields'],
  'C~': ['ยืนยันจากชุดข้อมูลที่เกี่ยวข้องของ สถ.', 'Confirmed for a related DLA data set'],
  B: ['จากข้อกำหนดของระบบ', 'From the product brief'],
  I: ['อนุมาน (ทั้งชุดหรือบางฟิลด์) จากภารกิจ อปท.', 'Inferred (the set or some of its fields) from LAO duties'],
};

/** The source tag with its meaning for screen readers and a tooltip. */
function SourceTagView({ t, tag }: { t: T; tag: SourceTag }) {
  const [th, en] = sourceLabels[tag];
  return (
    <Tag colour="grey" title={t(th, en)}>
      {tag}
      <span class="govuk-visually-hidden"> — {t(th, en)}</span>
    </Tag>
  );
}

const typeLabels: Record<FieldType, [string, string]> = {
  integer: ['จำนวนเต็ม', 'Whole number'],
  decimal: ['ตัวเลขทศนิยม', 'Decimal number'],
  text: ['ข้อความ', 'Text'],
  enum: ['เลือกหนึ่งข้อ', 'One choice'],
  multi_enum: ['เลือกได้หลายข้อ', 'Several choices'],
  boolean: ['ใช่/ไม่ใช่', 'Yes/no'],
  date: ['วันที่ (วว/ดด/ปปปป พ.ศ.)', 'Date (dd/mm/yyyy BE)'],
  geo: ['พิกัด (ละติจูด,ลองจิจูด)', 'Point (latitude,longitude)'],
};

/** "0 – 20,000; ทศนิยมไม่เกิน 2 ตำแหน่ง", "ไม่เกิน 200 ตัวอักษร", … */
function rangeText(t: T, f: FieldDef): string {
  const parts: string[] = [];
  const n = (v: number) => formatFieldNumber(f, v, 'en');
  if (f.min !== null && f.max !== null) parts.push(`${n(f.min)} – ${n(f.max)}`);
  else if (f.min !== null) parts.push(t(`ตั้งแต่ ${n(f.min)}`, `at least ${n(f.min)}`));
  else if (f.max !== null) parts.push(t(`ไม่เกิน ${n(f.max)}`, `at most ${n(f.max)}`));
  if (f.decimals !== null) parts.push(t(`ทศนิยมไม่เกิน ${f.decimals} ตำแหน่ง`, `up to ${f.decimals} decimals`));
  if (f.maxLength !== null) parts.push(t(`ไม่เกิน ${f.maxLength} ตัวอักษร`, `up to ${f.maxLength} characters`));
  return parts.join('; ');
}

function fieldName(d: DatasetDef, key: string, t: T): string {
  const f = d.fields.find((x) => x.key === key);
  return f ? t(f.labelTh, f.labelEn) : key;
}

/** A rule's check in words: "ปริมาณขยะที่เก็บขนได้ ≤ ปริมาณขยะที่เกิดขึ้น". */
function ruleText(d: DatasetDef, r: RuleDef, t: T): string {
  const c = r.check;
  const name = (k: string) => fieldName(d, k, t);
  const ops = { lte: '≤', lt: '<', gte: '≥', gt: '>', eq: '=', sum_lte: '≤', sum_eq: '=' } as const;
  if (c.op === 'required_if') {
    const when = d.fields.find((f) => f.key === c.when);
    const option = when?.options.find((o) => o.value === c.equals);
    const shown =
      option !== undefined
        ? t(option.labelTh, option.labelEn)
        : typeof c.equals === 'boolean'
          ? t(c.equals ? 'ใช่' : 'ไม่ใช่', c.equals ? 'yes' : 'no')
          : String(c.equals);
    return t(
      `ต้องกรอก${name(c.field)} เมื่อ${name(c.when)} = ${shown}`,
      `${name(c.field)} is required when ${name(c.when)} = ${shown}`,
    );
  }
  if ('field' in c) return plausibilityText(c, name(c.field), t);
  if ('fields' in c) return `${c.fields.map(name).join(' + ')} ${ops[c.op]} ${name(c.right)}`;
  return `${name(c.left)} ${ops[c.op]} ${name(c.right)}`;
}

/** A plausibility check in words: "ความกว้างผิวจราจร ควรอยู่ระหว่าง 2–30". */
function plausibilityText(c: RuleDef['check'], name: string, t: T): string {
  switch (c.op) {
    case 'range': {
      const th = [c.min !== null ? `ไม่น้อยกว่า ${c.min}` : '', c.max !== null ? `ไม่เกิน ${c.max}` : ''];
      const en = [c.min !== null ? `at least ${c.min}` : '', c.max !== null ? `at most ${c.max}` : ''];
      return t(
        `${name} ควร${th.filter(Boolean).join(' และ')}`,
        `${name} should be ${en.filter(Boolean).join(' and ')}`,
      );
    }
    case 'after_founding':
      return t(`${name} ไม่ก่อนปีที่จัดตั้ง อปท.`, `${name} not before the LAO was founded`);
    case 'within_lao_area':
      return t(`${name} ไม่เกินพื้นที่ของ อปท.`, `${name} within the LAO’s area`);
    case 'inside_district':
      return t(`${name} อยู่ในอำเภอของ อปท.`, `${name} inside the LAO’s district`);
    case 'per_population':
      return t(`${name} ไม่เกิน ${c.max} ต่อประชากร 1 คน`, `${name} at most ${c.max} per inhabitant`);
    case 'year_change':
      return t(
        `${name} เปลี่ยนจากปีก่อนไม่เกิน ±${c.percent}%`,
        `${name} changes by at most ±${c.percent}% from last year`,
      );
    default:
      return name;
  }
}

function YearForm({ ctx, year, years, q }: { ctx: PageCtx; year: number; years: number[]; q: string }) {
  const t = translator(ctx.lang);
  return (
    <search>
      <form method="get" action="/catalog" class="app-search-row">
        <YearSelect lang={ctx.lang} years={years} value={year} />
        <TextInput
          name="q"
          type="search"
          label={t('ค้นหาด้านหรือชุดข้อมูล', 'Search aspects and data sets')}
          hint={t(
            'ชื่อด้าน ชื่ออื่นของด้าน ชื่อชุดข้อมูล หรือชื่อฟิลด์',
            'An aspect, another name of it, a data set or a field',
          )}
          value={q}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('แสดง', 'Show')}
        </button>
      </form>
    </search>
  );
}

/** /catalog: every section of a fiscal year and its data sets. */
export function CatalogPage({
  ctx,
  catalog,
  years,
  q = '',
}: {
  ctx: PageCtx;
  catalog: Catalog;
  years: number[];
  q?: string;
}) {
  const t = translator(ctx.lang);
  const total = catalog.datasets.length;
  const sections = searchCatalog(catalog, q);
  const found = sections.reduce((n, s) => n + s.datasets.length, 0);
  return (
    <Layout
      ctx={ctx}
      title={t(`ชุดข้อมูล ปีงบประมาณ ${catalog.year}`, `Data catalog, fiscal year ${catalog.year}`)}
    >
      <span class="govuk-caption-l">{t(`ปีงบประมาณ ${catalog.year}`, `Fiscal year ${catalog.year}`)}</span>
      <h1 class="govuk-heading-l">{t('ชุดข้อมูลที่ อปท. บันทึก', 'What LAOs record')}</h1>
      <p class="govuk-body">
        {t(
          `${catalog.sections.length} หมวด ${total} ชุดข้อมูล — แบบฟอร์มบันทึก 1 ระเบียนต่อปี รายการบันทึกได้หลายแถว ป้ายที่มาของนิยาม: C ยืนยันจากแหล่งที่อ้างอิงทั้งชุดข้อมูลและฟิลด์, C~ ยืนยันจากชุดข้อมูลที่เกี่ยวข้องของ สถ., B ข้อกำหนดของระบบ, I อนุมาน (ทั้งชุดหรือบางฟิลด์)`,
          `${catalog.sections.length} sections, ${total} data sets. A form holds one record a year, a list holds rows. Source tags: C confirmed by the cited source (the set and its fields), C~ confirmed for a related DLA set, B product brief, I inferred (the set or some fields).`,
        )}
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href="/opendata">
          {t('ข้อมูลเปิด: ข้อมูลที่รับรองแล้วของทุกชุดข้อมูล', 'Open data: the certified data of every data set')}
        </a>
      </p>
      <YearForm ctx={ctx} year={catalog.year} years={years} q={q} />
      {q ? (
        <p class="govuk-body" role="status" id="search-result">
          {found
            ? t(`พบ ${found} ชุดข้อมูลสำหรับ "${q}"`, `${found} data sets found for "${q}"`)
            : t(
                `ไม่พบด้านหรือชุดข้อมูลสำหรับ "${q}" ลองคำอื่น หรือล้างคำค้นเพื่อดูทั้งหมด`,
                `Nothing found for "${q}"; try other words, or clear the search to see everything`,
              )}{' '}
          <a class="govuk-link" href={`/catalog?year=${catalog.year}`}>
            {t('แสดงทั้งหมด', 'Show all')}
          </a>
        </p>
      ) : null}
      {sections.map((s) => (
        <section key={s.no} aria-labelledby={`section-${s.no}`}>
          <h2 class="govuk-heading-m" id={`section-${s.no}`}>
            {s.kind === 'aspect' ? t(`ด้านที่ ${s.no} `, `Aspect ${s.no}: `) : ''}
            {t(s.nameTh, s.nameEn)}
          </h2>
          {s.aliasesTh.length ? (
            <p class="govuk-body-s">
              {t('ชื่ออื่น: ', 'Also called: ')}
              {s.aliasesTh.map((a) => `"${a}"`).join(', ')}
            </p>
          ) : null}
          <p class="govuk-body-s app-muted">
            {t(`ผู้รับผิดชอบโดยปกติ: ${s.defaultDivisionTh}`, `Usually kept by: ${s.defaultDivisionEn}`)}
          </p>
          <DataTable
            caption={t(`ชุดข้อมูลของ${s.nameTh}`, `Data sets of ${s.nameEn}`)}
            rows={s.datasets}
            rowKey={(d) => d.id}
            columns={[
              {
                label: t('ชุดข้อมูล', 'Data set'),
                cell: (d) => (
                  <>
                    <a class="govuk-link" href={`/catalog/${catalog.year}/datasets/${d.id}`}>
                      {t(d.nameTh, d.nameEn)}
                    </a>
                  </>
                ),
                rowHeader: true,
                class: 'govuk-!-font-weight-regular',
              },
              { label: t('ลักษณะ', 'Kind'), cell: (d) => kindLabel(t, d.kind) },
              {
                label: t('ที่มา', 'Source'),
                cell: (d) => (
                  <>
                    <SourceTagView t={t} tag={d.source} />
                  </>
                ),
              },
              { label: t('จำนวนฟิลด์', 'Fields'), cell: (d) => d.fields.length, numeric: true },
            ]}
          />
        </section>
      ))}
    </Layout>
  );
}

function FieldsTable({ t, d }: { t: T; d: DatasetDef }) {
  return (
    <DataTable
      caption={t('ฟิลด์', 'Fields')}
      captionSize="m"
      mode="scroll"
      rows={d.fields}
      rowKey={(f) => f.key}
      rowId={(f) => `field-${f.key}`}
      columns={[
        {
          label: t('ฟิลด์', 'Field'),
          rowHeader: true,
          class: 'govuk-!-font-weight-regular',
          cell: (f) => (
            <>
              {t(f.labelTh, f.labelEn)}
              <br />
              <code class="app-muted">{f.key}</code>
            </>
          ),
        },
        { label: t('ชนิด', 'Type'), cell: (f) => t(...typeLabels[f.type]) },
        { label: t('หน่วย', 'Unit'), cell: (f) => (f.unit ? t(f.unit, f.unitEn ?? f.unit) : '') },
        {
          label: t('บังคับ', 'Required'),
          cell: (f) => (f.required ? t('บังคับ', 'Required') : t('ไม่บังคับ', 'Optional')),
        },
        {
          label: t('ช่วงค่า', 'Range'),
          cell: (f) => (
            <>
              {rangeText(t, f)}
              {f.pattern ? (
                <>
                  {rangeText(t, f) ? <br /> : null}
                  {t('รูปแบบ ', 'Pattern ')}
                  <code>{f.pattern}</code>
                </>
              ) : null}
            </>
          ),
        },
        {
          label: t('ตัวเลือก', 'Options'),
          cell: (f) =>
            f.options.length ? (
              <ul class="govuk-list govuk-body-s">
                {f.options.map((o) => (
                  <li key={o.value}>
                    {t(o.labelTh, o.labelEn)} <code class="app-muted">{o.value}</code>
                  </li>
                ))}
              </ul>
            ) : null,
        },
        { label: t('คำอธิบาย', 'Help'), cell: (f) => (f.helpTh ? t(f.helpTh, f.helpEn ?? f.helpTh) : '') },
      ]}
    />
  );
}

function RulesTable({ t, d }: { t: T; d: DatasetDef }) {
  if (d.rules.length === 0)
    return (
      <p class="govuk-body">{t('ชุดข้อมูลนี้ไม่มีกฎตรวจสอบข้ามฟิลด์', 'This data set has no cross-field rules.')}</p>
    );
  return (
    <DataTable
      caption={t('กฎตรวจสอบ', 'Validation rules')}
      captionSize="m"
      rows={d.rules}
      rowKey={(r) => r.id}
      columns={[
        {
          label: t('เงื่อนไข', 'Check'),
          cell: (r) => ruleText(d, r, t),
          rowHeader: true,
          class: 'govuk-!-font-weight-regular',
        },
        {
          label: t('ระดับ', 'Severity'),
          cell: (r) =>
            r.severity === 'error'
              ? t('ข้อผิดพลาด (ต้องแก้ก่อนรับรอง)', 'Error (must be fixed)')
              : t('คำเตือน (ให้ตรวจสอบหรืออธิบาย)', 'Warning (check or explain)'),
        },
        { label: t('ข้อความ', 'Message'), cell: (r) => t(r.messageTh, r.messageEn) },
      ]}
    />
  );
}

/** /catalog/:year/datasets/:id: every field and rule of one data set. */
export function DatasetPage({
  ctx,
  detail,
}: {
  ctx: PageCtx;
  detail: Awaited<ReturnType<typeof getDataset>>;
}) {
  const t = translator(ctx.lang);
  const { dataset: d, section: s, catalog } = detail;
  const applies =
    d.appliesTo === 'all'
      ? t('อปท. ทุกประเภท', 'Every LAO type')
      : d.appliesTo.map((x) => typeLabel(x, ctx.lang)).join(', ');
  const rows: [string, string][] = [
    [
      t('หมวด', 'Section'),
      s.kind === 'aspect'
        ? t(`ด้านที่ ${s.no} ${s.nameTh}`, `Aspect ${s.no}: ${s.nameEn}`)
        : t(s.nameTh, s.nameEn),
    ],
    [t('ลักษณะ', 'Kind'), kindLabel(t, d.kind)],
    [t('ใช้กับ', 'Applies to'), applies],
    [t('ที่มาของนิยาม', 'Source of the definition'), `${d.source} — ${t(...sourceLabels[d.source])}`],
    [t('รหัส', 'Id'), d.id],
  ];
  return (
    <Layout
      ctx={ctx}
      title={t(d.nameTh, d.nameEn)}
      wide
      breadcrumbs={[
        {
          href: `/catalog?year=${catalog.year}`,
          label: t(`ชุดข้อมูล ปี ${catalog.year}`, `Catalog ${catalog.year}`),
        },
      ]}
    >
      <span class="govuk-caption-l">{t(`ปีงบประมาณ ${catalog.year}`, `Fiscal year ${catalog.year}`)}</span>
      <h1 class="govuk-heading-l">{t(d.nameTh, d.nameEn)}</h1>
      <p class="govuk-body">{t(d.descriptionTh, d.descriptionEn)}</p>
      <p class="govuk-body">
        <a class="govuk-link" href={`/opendata/${d.id}`}>
          {t('ข้อมูลเปิด: ดาวน์โหลดข้อมูลที่รับรองแล้ว', 'Open data: download the certified data')}
        </a>
      </p>
      <SummaryList rows={rows} />
      <FieldsTable t={t} d={d} />
      <h2 class="govuk-heading-m">{t('กฎตรวจสอบข้ามฟิลด์', 'Cross-field rules')}</h2>
      <RulesTable t={t} d={d} />
      {detail.archivedFields.length ? (
        <>
          <h2 class="govuk-heading-m">{t('ฟิลด์ที่เลิกใช้', 'Archived fields')}</h2>
          <p class="govuk-body">
            {t(
              'ฟิลด์เหล่านี้ถูกนำออกเมื่อนำเข้านิยามฉบับใหม่ ข้อมูลที่บันทึกไว้แล้วยังเก็บไว้ครบ',
              'These fields were removed by a later definition; values already recorded are kept.',
            )}
          </p>
          <ul class="govuk-list govuk-list--bullet">
            {detail.archivedFields.map((a) => (
              <li key={a.field.key}>
                {t(a.field.labelTh, a.field.labelEn)} (<code>{a.field.key}</code>) —{' '}
                {t(`เลิกใช้เมื่อ ${formatDateBE(a.archivedAt)}`, `archived on ${formatDateBE(a.archivedAt)}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
