import { translator } from '../plugins/i18n.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { Tag } from '../views/components.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { type AspectState, stateLabel, stateTagColour } from './certification.state.ts';
import type { OpenReturn } from './returns.ts';

/** A state as a coloured tag with its name (colour is never the only cue). */
export function StateTag({ state, lang }: { state: AspectState; lang: PageCtx['lang'] }) {
  return <Tag colour={stateTagColour(state)}>{stateLabel(state, lang)}</Tag>;
}

export type MarkInput = {
  state: AspectState;
  laoCertifiedAt: string | null;
  provinceCertifiedAt: string | null;
  returnedAt: string | null;
  changedAt: string | null;
};

/** The symbol of each certified-ish state, and what it says to a screen reader. */
export const marks = {
  lao_certified: { symbol: '✓', th: 'อปท. รับรองแล้ว', en: 'Certified by the LAO' },
  province_certified: {
    symbol: '✓✓',
    th: 'อปท. และจังหวัดรับรองแล้ว',
    en: 'Certified by the LAO and the province',
  },
  returned: { symbol: '↩', th: 'จังหวัดส่งคืน', en: 'Returned by the province' },
  changed_after_certification: { symbol: '⚠', th: 'แก้ไขหลังรับรอง', en: 'Changed after certification' },
} as const;

/**
 * One cell of the status table: ✓ and "ณ วันที่ dd/mm/yyyy HH:MM:SS" when the LAO certified, ✓✓ with the
 * province's time too, ↩ returned, ⚠ changed after certification; otherwise the data state in words. The
 * symbols are hidden from screen readers, which read the words instead.
 */
export function StatusMark({ m, lang }: { m: MarkInput; lang: PageCtx['lang'] }) {
  const t = translator(lang);
  const at = (iso: string | null) => (iso ? `${t('ณ วันที่', 'on')} ${formatDateTimeBE(iso)}` : '');
  const mark = m.state in marks ? marks[m.state as keyof typeof marks] : null;
  if (!mark) return <span class="app-muted">{stateLabel(m.state, lang)}</span>;
  const cls =
    m.state === 'returned'
      ? 'app-mark app-mark--returned'
      : m.state === 'changed_after_certification'
        ? 'app-mark app-mark--changed'
        : 'app-mark app-mark--certified';
  return (
    <span class={cls}>
      <span aria-hidden="true" class="app-mark__symbol">
        {mark.symbol}
      </span>{' '}
      <span class="govuk-visually-hidden">{t(mark.th, mark.en)} </span>
      {m.state === 'returned' ? (
        <span class="app-mark__time">{at(m.returnedAt)}</span>
      ) : (
        <span class="app-mark__time">{at(m.laoCertifiedAt)}</span>
      )}
      {m.state === 'province_certified' ? (
        <>
          <br />
          <span class="app-mark__time">
            {t('จังหวัด', 'Province')} {at(m.provinceCertifiedAt)}
          </span>
        </>
      ) : null}
      {m.state === 'changed_after_certification' ? (
        <>
          <br />
          <span class="app-mark__time">
            {t('แก้ไข', 'Changed')} {at(m.changedAt)}
          </span>
        </>
      ) : null}
    </span>
  );
}

/** The key to the marks, under every table that uses them. */
export function MarksLegend({ lang }: { lang: PageCtx['lang'] }) {
  const t = translator(lang);
  return (
    <dl class="app-legend govuk-body-s">
      {Object.values(marks).map((m) => (
        <div key={m.symbol} class="app-legend__item">
          <dt aria-hidden="true">{m.symbol}</dt>
          <dd>{t(m.th, m.en)}</dd>
        </div>
      ))}
    </dl>
  );
}

// The table parts moved to the shared components; re-exported for the pages that import them from here.
export { type Col, ScrollBox, TableHead } from '../views/components.tsx';

/** What the return or withdrawal is called where people must act on it. */
export const returnLabel = (r: Pick<OpenReturn, 'action'>, lang: PageCtx['lang']) =>
  r.action === 'return'
    ? lang === 'en'
      ? 'Returned for correction'
      : 'ส่งคืนให้แก้ไข'
    : lang === 'en'
      ? 'Certification withdrawn for correction'
      : 'ถอนการรับรองเพื่อแก้ไข';

/**
 * A return or a withdrawal told to the people who must act on it: who, when, the reason and what to do next
 * (correct the data, then the LAO certifier certifies again). `certifyHref` links to the certification page.
 */
export function ReturnNotice(p: {
  r: OpenReturn;
  sectionNo: number;
  /** The aspect's name, where the page does not say it already. */
  name?: string;
  lang: PageCtx['lang'];
  certifyHref: string;
  id?: string;
  /** A heading level for the block: 2 on a page of its own, 3 inside a section. */
  level?: 2 | 3;
}) {
  const t = translator(p.lang);
  const Heading = p.level === 3 ? 'h3' : 'h2';
  const who =
    p.r.action === 'return'
      ? t('สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด', 'The provincial office')
      : t('ผู้รับรองข้อมูลของ อปท.', 'The LAO certifier');
  return (
    <section class="app-return" aria-labelledby={p.id ?? `return-${p.sectionNo}`}>
      <Heading class="govuk-heading-s app-return__title" id={p.id ?? `return-${p.sectionNo}`}>
        <Tag colour="red">{returnLabel(p.r, p.lang)}</Tag> {t(`ด้านที่ ${p.sectionNo}`, `Aspect ${p.sectionNo}`)}
        {p.name ? ` ${p.name}` : ''}
      </Heading>
      <p class="govuk-body">
        {who} {p.r.byName}{' '}
        {p.r.action === 'return'
          ? t('ส่งคืนข้อมูลด้านนี้เมื่อ', 'returned this aspect on')
          : t('ถอนการรับรองด้านนี้เมื่อ', 'withdrew the certification of this aspect on')}{' '}
        {formatDateTimeBE(p.r.at)}
      </p>
      <p class="govuk-body">
        <strong>{t('เหตุผล: ', 'Reason: ')}</strong>
        <span class="app-return-reason">{p.r.reason ?? '–'}</span>
      </p>
      <p class="govuk-body">
        {t(
          'สิ่งที่ต้องทำ: แก้ไขข้อมูลของด้านนี้ตามเหตุผลข้างต้นแล้วบันทึก จากนั้นผู้รับรองข้อมูลของ อปท. รับรองด้านนี้อีกครั้ง',
          'What to do next: correct this aspect’s data as the reason says and save it; then the LAO certifier certifies the aspect again',
        )}{' '}
        <a class="govuk-link" href={p.certifyHref}>
          {t('ไปหน้ารับรองข้อมูล', 'Go to certification')}
        </a>
      </p>
    </section>
  );
}
