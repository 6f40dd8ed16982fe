import type { ComponentChildren } from 'preact';
import type { Lang } from '../plugins/i18n.ts';

export type ViewFieldError = { field: string; message: string };

/** The GOV.UK error summary: role="alert", each error a link to its field. */
export function ErrorSummary({ errors, lang }: { errors: ViewFieldError[]; lang: Lang }) {
  if (errors.length === 0) return null;
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{lang === 'en' ? 'There is a problem' : 'มีข้อผิดพลาด'}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((e) => (
              <li key={`${e.field}:${e.message}`}>
                <a href={`#${e.field}`}>{e.message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/**
 * A form field's group (GOV.UK): its label, hint and error message around the control, which refers to them with
 * aria-describedby (`describedBy(id, hint, error)`). Every input of the kit is drawn in one.
 */
export function FormGroup(p: {
  id: string;
  label: ComponentChildren;
  labelSize?: 's' | 'm' | undefined;
  hint?: ComponentChildren;
  error?: string | null | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label${p.labelSize ? ` govuk-label--${p.labelSize}` : ''}`} for={p.id}>
        {p.label}
      </label>
      {p.hint ? (
        <div id={`${p.id}-hint`} class="govuk-hint">
          {p.hint}
        </div>
      ) : null}
      {p.error ? (
        <p id={`${p.id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">{'ข้อผิดพลาด: '}</span>
          {p.error}
        </p>
      ) : null}
      {p.children}
    </div>
  );
}

/** The ids of a field's hint and error message, for its aria-describedby. */
export const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || undefined;

type InputProps = {
  name: string;
  label: string;
  value?: string | number | null | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'search';
  width?: 'full' | 'two-thirds' | 'one-half' | 'one-third' | '20' | '10' | '5';
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'text' | 'email' | 'tel';
  suffix?: string | null | undefined;
  extra?: ComponentChildren;
};

/** A labelled text input with its hint and error message wired by aria-describedby. */
export function TextInput(p: InputProps) {
  const widthClass = p.width
    ? /^\d+$/.test(p.width)
      ? ` govuk-input--width-${p.width}`
      : ` govuk-!-width-${p.width}`
    : '';
  const input = (
    <input
      class={`govuk-input${widthClass}${p.error ? ' govuk-input--error' : ''}`}
      id={p.name}
      name={p.name}
      type={(p.type ?? 'text') as 'text'}
      value={p.value ?? ''}
      aria-describedby={describedBy(p.name, p.hint, p.error)}
      autocomplete={p.autocomplete}
      inputMode={p.inputmode}
      spellcheck={false}
    />
  );
  return (
    <FormGroup id={p.name} label={p.label} hint={p.hint} error={p.error}>
      {p.suffix ? (
        <div class="govuk-input__wrapper">
          {input}
          <div class="govuk-input__suffix" aria-hidden="true">
            {p.suffix}
          </div>
        </div>
      ) : (
        input
      )}
      {p.extra}
    </FormGroup>
  );
}

/** How a date is typed wherever a person types one: dd/mm/yyyy in the Buddhist era. */
export const dateHint = (lang: Lang) =>
  lang === 'en' ? 'dd/mm/yyyy, Buddhist era, e.g. 15/05/2569' : 'วว/ดด/ปปปป (พ.ศ.) เช่น 15/05/2569';

/** A date typed as dd/mm/yyyy in the Buddhist era, with its hint (the default one unless given) and error. */
export function DateInput(p: {
  name: string;
  label: string;
  value: string | null | undefined;
  error?: string | undefined;
  hint?: string;
  lang: Lang;
}) {
  return (
    <TextInput
      name={p.name}
      label={p.label}
      hint={p.hint ?? dateHint(p.lang)}
      width="10"
      inputmode="numeric"
      value={p.value}
      error={p.error}
    />
  );
}

type Option = { value: string; label: string };

/** A labelled select with an optional empty first choice. */
export function Select(p: {
  name: string;
  label: string;
  options: Option[];
  value?: string | null | undefined;
  empty?: string;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  return (
    <FormGroup id={p.name} label={p.label} hint={p.hint} error={p.error}>
      <select
        class={`govuk-select${p.error ? ' govuk-select--error' : ''}`}
        id={p.name}
        name={p.name}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      >
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (p.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}

/** The fiscal-year select of a search form: Buddhist-era years as written, never grouped ("2569", not "2,569"). */
export function YearSelect(p: { lang: Lang; years: number[]; value: number; error?: string | undefined }) {
  return (
    <Select
      name="year"
      label={p.lang === 'en' ? 'Fiscal year' : 'ปีงบประมาณ'}
      value={String(p.value)}
      options={p.years.map((y) => ({ value: String(y), label: String(y) }))}
      error={p.error}
    />
  );
}

/** "1 ถึง 10 จาก N" and previous/next links; keeps the other query parameters. */
export function Pager(p: {
  page: number;
  pageSize: number;
  total: number;
  href: (page: number) => string;
  lang: Lang;
}) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const from = p.total === 0 ? 0 : (p.page - 1) * p.pageSize + 1;
  const to = Math.min(p.total, p.page * p.pageSize);
  const en = p.lang === 'en';
  const nums = [...new Set([1, p.page - 2, p.page - 1, p.page, p.page + 1, p.page + 2, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  return (
    <div class="app-pager">
      <p class="govuk-body" aria-live="polite">
        {en
          ? `${from.toLocaleString('en')} to ${to.toLocaleString('en')} of ${p.total.toLocaleString('en')}`
          : `${from.toLocaleString('th')} ถึง ${to.toLocaleString('th')} จาก ${p.total.toLocaleString('th')}`}
      </p>
      {pages > 1 ? (
        <nav class="govuk-pagination" aria-label={en ? 'Pages' : 'หน้า'}>
          {p.page > 1 ? (
            <div class="govuk-pagination__prev">
              <a class="govuk-link govuk-pagination__link" href={p.href(p.page - 1)} rel="prev">
                <span class="govuk-pagination__link-title">{en ? 'Previous' : 'ก่อนหน้า'}</span>
              </a>
            </div>
          ) : null}
          <ul class="govuk-pagination__list">
            {nums.map((n, i) => (
              <>
                {i > 0 && n - (nums[i - 1] ?? n) > 1 ? (
                  <li class="govuk-pagination__item govuk-pagination__item--ellipses">…</li>
                ) : null}
                <li class={`govuk-pagination__item${n === p.page ? ' govuk-pagination__item--current' : ''}`}>
                  <a
                    class="govuk-link govuk-pagination__link"
                    href={p.href(n)}
                    aria-label={`${en ? 'Page' : 'หน้า'} ${n}`}
                    aria-current={n === p.page ? 'page' : undefined}
                  >
                    {n}
                  </a>
                </li>
              </>
            ))}
          </ul>
          {p.page < pages ? (
            <div class="govuk-pagination__next">
              <a class="govuk-link govuk-pagination__link" href={p.href(p.page + 1)} rel="next">
                <span class="govuk-pagination__link-title">{en ? 'Next' : 'ถัดไป'}</span>
              </a>
            </div>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

/** Builds a URL from a path and query values, dropping empty ones. */
export function hrefWith(path: string, query: Record<string, string | number | null | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== null && v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** A hidden CSRF field for every form that changes state. */
export function CsrfField({ token }: { token: string | null }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

/** The GOV.UK notification banner: green "success" for what was just done, or a neutral notice. */
export function NoticeBanner({
  text,
  lang,
  kind = 'success',
}: {
  text: string | null | undefined;
  lang: Lang;
  kind?: 'success' | 'info';
}) {
  if (!text) return null;
  const success = kind === 'success';
  const body = (
    <>
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="notice-title">
          {success ? (lang === 'en' ? 'Success' : 'สำเร็จ') : lang === 'en' ? 'Important' : 'โปรดทราบ'}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">{text}</p>
      </div>
    </>
  );
  return success ? (
    <div
      class="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="notice-title"
    >
      {body}
    </div>
  ) : (
    <section class="govuk-notification-banner" aria-labelledby="notice-title">
      {body}
    </section>
  );
}

/**
 * A wide table's scrolling box: a labelled region (role="region") that keyboard users can focus and
 * scroll, so that the table scrolls inside it and the page never scrolls sideways.
 */
export function ScrollBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <section class="app-table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** A column of TableHead: its name, or the name with `numeric` for a right-aligned column. */
export type Col = string | { label: ComponentChildren; numeric?: boolean };

/** A table's header row from its columns (a false, null or undefined column is left out). */
export function TableHead({ cols }: { cols: (Col | false | null | undefined)[] }) {
  return (
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        {cols
          .filter((c): c is Col => Boolean(c))
          .map((c, i) => {
            const col = typeof c === 'string' ? { label: c } : c;
            return (
              <th
                key={i}
                scope="col"
                class={`govuk-table__header${col.numeric ? ' govuk-table__header--numeric' : ''}`}
              >
                {col.label}
              </th>
            );
          })}
      </tr>
    </thead>
  );
}

/** One column of a DataTable: its name (the header, and the label of the cell on a phone card) and its cell. */
export type Column<R> = {
  label: string;
  cell: (row: R, index: number) => ComponentChildren;
  /** The cell that names the row (a `th scope="row"`). */
  rowHeader?: boolean;
  numeric?: boolean;
  /** More classes of the column's cells (e.g. govuk-body-s). */
  class?: string;
};

/**
 * The one table of the service. `cards` (the default): on a narrow screen each row becomes a card whose
 * cells are labelled by their column (the header row is hidden), for tables a person reads row by row;
 * `scroll`: the table keeps its grid and scrolls inside its own labelled region (role="region",
 * focusable), for grids that are compared across (a matrix of marks). Either way the page never scrolls
 * sideways on a 360 px phone. A false, null or undefined column is left out.
 */
export function DataTable<R>(p: {
  caption: string;
  /** How the caption shows: hidden (read by screen readers only), or as a heading of size m or s. */
  captionSize?: 'hidden' | 'm' | 's';
  columns: (Column<R> | false | null | undefined)[];
  rows: readonly R[];
  rowKey: (row: R, index: number) => string | number;
  mode?: 'cards' | 'scroll';
  class?: string;
  id?: string;
  rowClass?: (row: R) => string | undefined;
  /** The row's id (a link target such as #field-x). */
  rowId?: (row: R) => string | undefined;
}) {
  const cols = p.columns.filter((c): c is Column<R> => Boolean(c));
  const mode = p.mode ?? 'cards';
  const size = p.captionSize ?? 'hidden';
  const table = (
    <table
      class={`govuk-table${mode === 'cards' ? ' app-stack-table' : ''}${p.class ? ` ${p.class}` : ''}`}
      id={p.id}
    >
      <caption
        class={
          size === 'hidden' ? 'govuk-visually-hidden' : `govuk-table__caption govuk-table__caption--${size}`
        }
      >
        {p.caption}
      </caption>
      <TableHead cols={cols.map((c) => ({ label: c.label, numeric: c.numeric ?? false }))} />
      <tbody class="govuk-table__body">
        {p.rows.map((row, i) => (
          <tr
            class={`govuk-table__row${p.rowClass?.(row) ? ` ${p.rowClass(row)}` : ''}`}
            key={p.rowKey(row, i)}
            id={p.rowId?.(row)}
          >
            {cols.map((c) => {
              const cls = c.rowHeader ? 'govuk-table__header' : 'govuk-table__cell';
              const numeric = `${c.numeric ? ` ${cls}--numeric` : ''}${c.class ? ` ${c.class}` : ''}`;
              return c.rowHeader ? (
                <th key={c.label} scope="row" class={`${cls}${numeric}`} data-label={c.label}>
                  {c.cell(row, i)}
                </th>
              ) : (
                <td key={c.label} class={`${cls}${numeric}`} data-label={c.label}>
                  {c.cell(row, i)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return mode === 'scroll' ? <ScrollBox label={p.caption}>{table}</ScrollBox> : table;
}

/** One row of a SummaryList: its key and value; a false, null or undefined row is left out. */
export type SummaryRow = readonly [key: ComponentChildren, value: ComponentChildren];

/** The GOV.UK summary list: keys and their values, read as pairs (a `dl`). */
export function SummaryList({
  rows,
  class: cls,
}: {
  rows: readonly (SummaryRow | false | null | undefined)[];
  class?: string;
}) {
  return (
    <dl class={`govuk-summary-list${cls ? ` ${cls}` : ''}`}>
      {rows
        .filter((r): r is SummaryRow => Boolean(r))
        .map(([k, v], i) => (
          <div class="govuk-summary-list__row" key={i}>
            <dt class="govuk-summary-list__key">{k}</dt>
            <dd class="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
    </dl>
  );
}

/**
 * A multi-line text input with its label, hint and error wired by aria-describedby (GOV.UK textarea). `id`
 * defaults to the name (give one when a page has several fields of one name).
 */
export function Textarea(p: {
  name: string;
  id?: string | undefined;
  label: ComponentChildren;
  labelSize?: 's' | 'm';
  hint?: ComponentChildren;
  error?: string | null | undefined;
  value?: string | null | undefined;
  rows?: number;
}) {
  const id = p.id ?? p.name;
  return (
    <FormGroup id={id} label={p.label} labelSize={p.labelSize} hint={p.hint} error={p.error}>
      <textarea
        class={`govuk-textarea${p.error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={p.name}
        rows={p.rows ?? 3}
        aria-describedby={describedBy(id, p.hint, p.error)}
      >
        {p.value ?? ''}
      </textarea>
    </FormGroup>
  );
}

/** The GOV.UK warning text: an "!" and a sentence that a screen reader announces as a warning. */
export function WarningText({
  lang,
  id,
  children,
}: {
  lang: Lang;
  id?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="govuk-warning-text" id={id}>
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">{lang === 'en' ? 'Warning' : 'คำเตือน'}</span>
        {children}
      </strong>
    </div>
  );
}

export type TagColour =
  | 'grey'
  | 'green'
  | 'turquoise'
  | 'blue'
  | 'light-blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow';

/** A GOV.UK tag: a short status in a coloured box (blue when no colour is given). */
export function Tag(p: { colour?: TagColour; title?: string; class?: string; children: ComponentChildren }) {
  return (
    <strong
      class={`govuk-tag${p.colour ? ` govuk-tag--${p.colour}` : ''}${p.class ? ` ${p.class}` : ''}`}
      title={p.title}
    >
      {p.children}
    </strong>
  );
}
