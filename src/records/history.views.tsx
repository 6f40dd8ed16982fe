import type { Lang } from '../plugins/i18n.ts';
import { translator } from '../plugins/i18n.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { CsrfField, hrefWith, Pager } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { ChangeReason, datasetCrumbs } from './dataset.views.tsx';
import { displayValue, statusLabel } from './records.format.ts';
import type { datasetHistory, historyEntry, RowDiff } from './records.service.ts';

type HistoryData = Awaited<ReturnType<typeof datasetHistory>>;
type HistoryEntryData = Awaited<ReturnType<typeof historyEntry>>;

function kindLabels(t: (th: string, en: string) => string): Record<string, string> {
  return {
    save: t('บันทึก', 'save'),
    none: t('ไม่มีข้อมูลในพื้นที่', 'none'),
    import: t('นำเข้าแฟ้ม', 'import'),
    copy: t('คัดลอกปีที่แล้ว', 'copied from last year'),
    row_add: t('เพิ่มแถว', 'row added'),
    row_edit: t('แก้ไขแถว', 'row edited'),
    row_delete: t('ลบแถว', 'row deleted'),
    row_restore: t('กู้คืนแถว', 'row restored'),
  };
}

/** A removed row's restore button: its own form to the change's restore address. */
type Restore = {
  action: (rowId: string) => string;
  csrf: string | null;
  version: number;
  certified: boolean;
};

/** A change's row diffs as a list: row, field, old → new (added and removed rows by their first values). */
function DiffList({
  changes,
  def,
  lang,
  restore,
}: {
  changes: RowDiff[];
  def: HistoryData['def'];
  lang: Lang;
  restore?: Restore | null;
}) {
  const t = translator(lang);
  const en = lang === 'en';
  const field = (k: string) => def.fields.find((f) => f.key === k);
  const show = (k: string, v: unknown) => {
    const f = field(k);
    return f ? displayValue(f, v, lang) : JSON.stringify(v);
  };
  return (
    <ul class="govuk-list govuk-list--bullet govuk-body-s">
      {changes.map((c, i) => (
        <li key={i}>
          {c.op === 'none'
            ? c.new
              ? t(`บันทึกว่าไม่มีข้อมูลในพื้นที่: ${c.reason ?? ''}`, `Recorded none in our area: ${c.reason ?? ''}`)
              : t('ยกเลิก "ไม่มีข้อมูลในพื้นที่"', 'No longer "none in our area"')
            : c.op === 'change'
              ? `${t('แถว', 'Row')} ${c.row}: ${Object.entries(c.fields)
                  .map(
                    ([k, v]) =>
                      `${field(k) ? (en ? field(k)!.labelEn : field(k)!.labelTh) : k} ${show(k, v.old)} → ${show(k, v.new)}`,
                  )
                  .join('; ')}`
              : `${c.op === 'add' ? t('เพิ่มแถว', 'Added row') : t('ลบแถว', 'Removed row')} ${c.row}: ${Object.entries(
                  c.values,
                )
                  .filter(([, v]) => v !== null)
                  .slice(0, 4)
                  .map(([k, v]) => show(k, v))
                  .join(', ')}`}
          {c.op === 'remove' && restore ? (
            <form method="post" action={restore.action(c.rowId)} class="app-restore-form">
              <CsrfField token={restore.csrf} />
              <input type="hidden" name="version" value={String(restore.version)} />
              <ChangeReason certified={restore.certified} lang={lang} id={`changeReason-${c.rowId}`} />
              <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2">
                {t(`กู้คืนแถวที่ ${c.row}`, `Restore row ${c.row}`)}
              </button>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A change's heading: version, when, who, kind and the status it left. */
function ChangeHeading({
  c,
  lang,
}: {
  c: HistoryData['items'][number] | HistoryEntryData['change'];
  lang: Lang;
}) {
  const t = translator(lang);
  return (
    <>
      {t('รุ่นที่', 'Version')} {c.version} · {formatDateTimeBE(c.at)} · {c.by} ·{' '}
      {kindLabels(t)[c.kind] ?? c.kind} · {statusLabel(c.status, lang)}
    </>
  );
}

const historyBase = (h: { lao: { code: string; year: number }; datasetId: string }) =>
  `/laos/${h.lao.code}/years/${h.lao.year}/datasets/${h.datasetId}/history`;

/**
 * A data set's changes, newest first, a page at a time; a change of many rows links to its own paged page. Who
 * may record sees a restore button beside each removed row.
 */
export function HistoryPage({
  ctx,
  h,
  paging,
  canRecord = false,
  certified = false,
}: {
  ctx: PageCtx;
  h: HistoryData;
  paging: Paging;
  canRecord?: boolean;
  certified?: boolean;
}) {
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const name = en ? h.def.nameEn : h.def.nameTh;
  return (
    <Layout
      ctx={ctx}
      title={`${t('ประวัติ', 'History')}: ${name}`}
      breadcrumbs={[
        ...datasetCrumbs(ctx, h.lao, h.section.no),
        { href: `/laos/${h.lao.code}/years/${h.lao.year}/datasets/${h.datasetId}`, label: name },
      ]}
    >
      <h1 class="govuk-heading-l">
        {t('ประวัติการแก้ไข', 'History')}: {name}
      </h1>
      {h.total === 0 ? <p class="govuk-body">{t('ยังไม่มีการบันทึก', 'Nothing recorded yet')}</p> : null}
      {h.items.map((c) => (
        <section key={c.version} class="app-history">
          <h2 class="govuk-heading-s">
            <ChangeHeading c={c} lang={ctx.lang} />
          </h2>
          {c.changeReason ? (
            <p class="govuk-body-s">
              {t('เหตุผล: ', 'Reason: ')}
              {c.changeReason}
            </p>
          ) : null}
          {c.changes ? (
            <DiffList
              changes={c.changes}
              def={h.def}
              lang={ctx.lang}
              restore={
                canRecord && h.def.kind === 'list'
                  ? {
                      action: (rowId) => `${historyBase(h)}/${c.version}/rows/${rowId}/restore`,
                      csrf: ctx.csrfToken,
                      version: h.version,
                      certified,
                    }
                  : null
              }
            />
          ) : (
            <p class="govuk-body-s">
              <a class="govuk-link" href={`${historyBase(h)}/${c.version}`}>
                {t(
                  `ดูการเปลี่ยนแปลงทั้ง ${c.changeCount.toLocaleString('th')} แถวของรุ่นที่ ${c.version}`,
                  `See all ${c.changeCount.toLocaleString('en')} row changes of version ${c.version}`,
                )}
              </a>
            </p>
          )}
        </section>
      ))}
      <Pager
        page={paging.page}
        pageSize={paging.pageSize}
        total={h.total}
        lang={ctx.lang}
        href={(page) =>
          hrefWith(historyBase(h), { page, pageSize: paging.pageSize === 20 ? null : paging.pageSize })
        }
      />
    </Layout>
  );
}

/** One change of a data set with its row diffs, a page at a time. */
export function HistoryEntryPage({ ctx, h, paging }: { ctx: PageCtx; h: HistoryEntryData; paging: Paging }) {
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const name = en ? h.def.nameEn : h.def.nameTh;
  const base = historyBase(h);
  return (
    <Layout
      ctx={ctx}
      title={`${t('รุ่นที่', 'Version')} ${h.change.version}: ${name}`}
      breadcrumbs={[
        { href: `/laos/${h.lao.code}/years/${h.lao.year}/datasets/${h.datasetId}`, label: name },
        { href: base, label: t('ประวัติการแก้ไข', 'History') },
      ]}
    >
      <h1 class="govuk-heading-l">
        {t('รุ่นที่', 'Version')} {h.change.version}: {name}
      </h1>
      <p class="govuk-body">
        <ChangeHeading c={h.change} lang={ctx.lang} />
      </p>
      {h.change.changeReason ? (
        <p class="govuk-body">
          {t('เหตุผล: ', 'Reason: ')}
          {h.change.changeReason}
        </p>
      ) : null}
      <DiffList changes={h.items} def={h.def} lang={ctx.lang} />
      <Pager
        page={paging.page}
        pageSize={paging.pageSize}
        total={h.change.changeCount}
        lang={ctx.lang}
        href={(page) =>
          hrefWith(`${base}/${h.change.version}`, {
            page,
            pageSize: paging.pageSize === 100 ? null : paging.pageSize,
          })
        }
      />
    </Layout>
  );
}
