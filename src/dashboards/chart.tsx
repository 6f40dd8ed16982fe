import { ScrollBox, TableHead } from '../certification/certification.marks.tsx';
import { translator } from '../plugins/i18n.ts';
import { formatDateBE } from '../util/thai-date.ts';
import type { PageCtx } from '../views/page-ctx.ts';
import { daysBetween, type ProgressPoint, weekly } from './progress.ts';

const monthsTh = [
  'ม.ค.',
  'ก.พ.',
  'มี.ค.',
  'เม.ย.',
  'พ.ค.',
  'มิ.ย.',
  'ก.ค.',
  'ส.ค.',
  'ก.ย.',
  'ต.ค.',
  'พ.ย.',
  'ธ.ค.',
];
const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const W = 720;
const H = 300;
const M = { left: 48, right: 16, top: 16, bottom: 40 };

/** The three lines: colour, and a dash pattern so that colour is never the only cue. */
export const series = [
  { key: 'recorded', th: 'ด้านที่มีการบันทึกข้อมูล', en: 'Aspects with data', color: '#1d70b8', dash: '' },
  { key: 'laoCertified', th: 'อปท. รับรองแล้ว', en: 'Certified by the LAO', color: '#00703c', dash: '8 4' },
  {
    key: 'provinceCertified',
    th: 'จังหวัดรับรองแล้ว',
    en: 'Certified by the province',
    color: '#a34700',
    dash: '2 3',
  },
] as const;

const pct = (n: number, total: number) => (total > 0 ? (n / total) * 100 : 0);
const fmtPct = (n: number, total: number, lang: string) =>
  `${pct(n, total).toLocaleString(lang === 'en' ? 'en' : 'th', { maximumFractionDigits: 1 })}%`;
const dateOf = (iso: string) => formatDateBE(`${iso}T00:00:00+07:00`);

/**
 * Progress toward the deadline as a server-rendered SVG line chart (no script), with a title and a description
 * for screen readers, and the same numbers week by week in a table below it.
 */
export function ProgressChart(p: {
  ctx: PageCtx;
  id: string;
  points: ProgressPoint[];
  total: number;
  /** First and last day of the axis (the fiscal year), yyyy-mm-dd. */
  from: string;
  to: string;
  deadline: string | null;
  title: string;
}) {
  const { ctx } = p;
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const days = daysBetween(p.from, p.to);
  const span = Math.max(1, days.length - 1);
  const index = new Map(days.map((d, i) => [d, i]));
  const x = (date: string) => M.left + ((index.get(date) ?? 0) / span) * (W - M.left - M.right);
  const y = (v: number) => M.top + (1 - pct(v, p.total) / 100) * (H - M.top - M.bottom);
  const last = p.points.at(-1);
  const months = days.filter((d) => d.endsWith('-01'));
  const desc = last
    ? t(
        `ณ ${dateOf(last.date)}: ${series.map((s) => `${s.th} ${fmtPct(last[s.key], p.total, 'th')}`).join(', ')} จากทั้งหมด ${p.total.toLocaleString('th')} ด้าน${p.deadline ? ` กำหนดส่ง ${dateOf(p.deadline)}` : ''}`,
        `On ${dateOf(last.date)}: ${series.map((s) => `${s.en} ${fmtPct(last[s.key], p.total, 'en')}`).join(', ')} of ${p.total.toLocaleString('en')} aspects${p.deadline ? `; deadline ${dateOf(p.deadline)}` : ''}`,
      )
    : t('ยังไม่มีข้อมูล', 'No data yet');
  return (
    <figure class="app-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${p.id}-title ${p.id}-desc`}>
        <title id={`${p.id}-title`}>{p.title}</title>
        <desc id={`${p.id}-desc`}>{desc}</desc>
        {[0, 25, 50, 75, 100].map((v) => {
          const yy = M.top + (1 - v / 100) * (H - M.top - M.bottom);
          return (
            <g key={v}>
              <line x1={M.left} x2={W - M.right} y1={yy} y2={yy} stroke="#b1b4b6" stroke-width="1" />
              <text x={M.left - 6} y={yy + 4} text-anchor="end" font-size="12" fill="#0b0c0c">
                {v}%
              </text>
            </g>
          );
        })}
        {months.map((d) => (
          <text key={d} x={x(d)} y={H - M.bottom + 16} text-anchor="middle" font-size="12" fill="#0b0c0c">
            {(en ? monthsEn : monthsTh)[Number(d.slice(5, 7)) - 1]}
          </text>
        ))}
        {p.deadline && p.deadline >= p.from && p.deadline <= p.to ? (
          <g>
            <line
              x1={x(p.deadline)}
              x2={x(p.deadline)}
              y1={M.top}
              y2={H - M.bottom}
              stroke="#d4351c"
              stroke-width="2"
            />
            <text x={x(p.deadline) - 4} y={M.top + 12} text-anchor="end" font-size="12" fill="#942514">
              {t(`กำหนดส่ง ${dateOf(p.deadline)}`, `Deadline ${dateOf(p.deadline)}`)}
            </text>
          </g>
        ) : null}
        {series.map((s) =>
          p.points.length ? (
            <polyline
              key={s.key}
              fill="none"
              stroke={s.color}
              stroke-width="2.5"
              stroke-dasharray={s.dash || undefined}
              points={p.points.map((pt) => `${x(pt.date).toFixed(1)},${y(pt[s.key]).toFixed(1)}`).join(' ')}
            />
          ) : null,
        )}
        {series.map((s, i) => (
          <g key={`legend-${s.key}`}>
            <line
              x1={M.left + i * 220}
              x2={M.left + i * 220 + 28}
              y1={H - 8}
              y2={H - 8}
              stroke={s.color}
              stroke-width="2.5"
              stroke-dasharray={s.dash || undefined}
            />
            <text x={M.left + i * 220 + 34} y={H - 4} font-size="12" fill="#0b0c0c">
              {en ? s.en : s.th}
            </text>
          </g>
        ))}
      </svg>
      <figcaption class="govuk-body-s">{desc}</figcaption>
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">
            {t('ดูข้อมูลของกราฟเป็นตาราง', 'Show the chart’s numbers as a table')}
          </span>
        </summary>
        <div class="govuk-details__text">
          <ScrollBox label={t('ความก้าวหน้ารายสัปดาห์', 'Weekly progress')}>
            <table class="govuk-table" id={`${p.id}-table`}>
              <caption class="govuk-table__caption govuk-table__caption--s">
                {t(
                  `ความก้าวหน้ารายสัปดาห์ (ร้อยละของ ${p.total.toLocaleString('th')} ด้าน)`,
                  `Weekly progress (share of ${p.total.toLocaleString('en')} aspects)`,
                )}
              </caption>
              <TableHead
                cols={[t('วันที่', 'Date'), ...series.map((s) => ({ label: en ? s.en : s.th, numeric: true }))]}
              />
              <tbody class="govuk-table__body">
                {weekly(p.points).map((pt) => (
                  <tr class="govuk-table__row" key={pt.date}>
                    <th scope="row" class="govuk-table__header">
                      {dateOf(pt.date)}
                    </th>
                    {series.map((s) => (
                      <td class="govuk-table__cell govuk-table__cell--numeric" key={s.key}>
                        {fmtPct(pt[s.key], p.total, ctx.lang)} ({pt[s.key].toLocaleString(en ? 'en' : 'th')})
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </div>
      </details>
    </figure>
  );
}

/** One bar of a BarChart: its label, its value, and the value as a person reads it. */
export type Bar = { key: string; label: string; value: number; text: string };

/**
 * A horizontal bar chart as server-rendered SVG (no script): one bar per group, longest first, each labelled
 * with its name and value so colour and length are never the only cue; a title and a description for screen
 * readers. The numbers are also in the table the page shows beside it.
 */
export function BarChart(p: { id: string; title: string; desc: string; bars: Bar[] }) {
  // Narrow on purpose: on a 360 px phone the text stays about the size of the page's small print.
  const rowH = 30;
  const labelW = 180;
  const valueW = 130;
  const w = 480;
  const h = M.top + p.bars.length * rowH + 8;
  const max = Math.max(0, ...p.bars.map((b) => b.value));
  const width = (v: number) => (max > 0 ? Math.max(0, (v / max) * (w - labelW - valueW - 16)) : 0);
  const cut = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);
  return (
    <figure class="app-chart app-bar-chart">
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-labelledby={`${p.id}-title ${p.id}-desc`}>
        <title id={`${p.id}-title`}>{p.title}</title>
        <desc id={`${p.id}-desc`}>{p.desc}</desc>
        {p.bars.map((b, i) => {
          const y = M.top + i * rowH;
          return (
            <g key={b.key}>
              <text x={labelW - 8} y={y + 20} text-anchor="end" font-size="17" fill="#0b0c0c">
                {cut(b.label)}
              </text>
              <rect x={labelW} y={y + 4} width={width(b.value).toFixed(1)} height={rowH - 8} fill="#1d70b8" />
              <text x={labelW + width(b.value) + 6} y={y + 20} font-size="17" fill="#0b0c0c">
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="govuk-body-s">{p.desc}</figcaption>
    </figure>
  );
}
