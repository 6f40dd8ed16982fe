import type { FieldDef } from '../catalog/catalog.schemas.ts';
import type { Lang } from '../plugins/i18n.ts';
import { translator } from '../plugins/i18n.ts';
import { displayValue, formValue } from './records.format.ts';

/** One input for one catalog field, with last year's value beside it and its error. */
export function FieldInput(p: {
  field: FieldDef;
  value: unknown;
  raw?: string | string[] | undefined;
  error?: string | undefined;
  lastYear?: unknown;
  lang: Lang;
  idPrefix?: string;
}) {
  const f = p.field;
  const t = translator(p.lang);
  const id = `${p.idPrefix ?? 'f'}-${f.key}`;
  const name = `v.${f.key}`;
  const label = `${p.lang === 'en' ? f.labelEn : f.labelTh}${f.required ? '' : t(' (ถ้ามี)', ' (optional)')}`;
  const unit = p.lang === 'en' ? (f.unitEn ?? f.unit) : f.unit;
  const text = p.raw !== undefined ? p.raw : formValue(f, p.value);
  const help = p.lang === 'en' ? f.helpEn : f.helpTh;
  const hintParts = [
    help,
    f.type === 'date'
      ? t('วว/ดด/ปปปป พ.ศ. เช่น 14/05/2569', 'dd/mm/yyyy, Buddhist era, e.g. 14/05/2569')
      : null,
    f.type === 'geo'
      ? t('ละติจูด, ลองจิจูด เช่น 14.9487, 103.0420', 'latitude, longitude, e.g. 14.9487, 103.0420')
      : null,
    p.lastYear !== undefined && p.lastYear !== null
      ? `${t('ปีที่แล้ว: ', 'Last year: ')}${displayValue(f, p.lastYear, p.lang)}`
      : null,
  ].filter(Boolean);
  const hintId = hintParts.length ? `${id}-hint` : undefined;
  const errId = p.error ? `${id}-error` : undefined;
  const described = [hintId, errId].filter(Boolean).join(' ') || undefined;
  const hintAndError = (
    <>
      {hintParts.length ? (
        <div id={hintId} class="govuk-hint">
          {hintParts.join(' · ')}
        </div>
      ) : null}
      {p.error ? (
        <p id={errId} class="govuk-error-message">
          {p.error}
        </p>
      ) : null}
    </>
  );
  const group = (children: preact.ComponentChildren, fieldset = false) => (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      {fieldset ? (
        <fieldset class="govuk-fieldset" aria-describedby={described}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s" id={id}>
            {label}
          </legend>
          {hintAndError}
          {children}
        </fieldset>
      ) : (
        <>
          <label class="govuk-label govuk-label--s" for={id}>
            {label}
          </label>
          {hintAndError}
          {children}
        </>
      )}
    </div>
  );
  if (f.type === 'enum') {
    return group(
      <select
        class={`govuk-select${p.error ? ' govuk-select--error' : ''}`}
        id={id}
        name={name}
        aria-describedby={described}
      >
        <option value="">{t('— เลือก —', '— choose —')}</option>
        {f.options.map((o) => (
          <option key={o.value} value={o.value} selected={text === o.value}>
            {p.lang === 'en' ? o.labelEn : o.labelTh}
          </option>
        ))}
      </select>,
    );
  }
  if (f.type === 'multi_enum') {
    const chosen = new Set(Array.isArray(text) ? text : text ? [text] : []);
    return group(
      <div class="govuk-checkboxes govuk-checkboxes--small">
        {f.options.map((o, i) => (
          <div class="govuk-checkboxes__item" key={o.value}>
            <input
              class="govuk-checkboxes__input"
              id={i === 0 ? `${id}-0` : `${id}-${i}`}
              name={name}
              type="checkbox"
              value={o.value}
              checked={chosen.has(o.value)}
            />
            <label class="govuk-label govuk-checkboxes__label" for={`${id}-${i}`}>
              {p.lang === 'en' ? o.labelEn : o.labelTh}
            </label>
          </div>
        ))}
      </div>,
      true,
    );
  }
  if (f.type === 'boolean') {
    return group(
      <div class="govuk-radios govuk-radios--small govuk-radios--inline">
        {[
          ['true', t('ใช่ / มี', 'Yes')],
          ['false', t('ไม่ใช่ / ไม่มี', 'No')],
        ].map(([v, l]) => (
          <div class="govuk-radios__item" key={v}>
            <input
              class="govuk-radios__input"
              id={`${id}-${v}`}
              name={name}
              type="radio"
              value={v}
              checked={text === v}
            />
            <label class="govuk-label govuk-radios__label" for={`${id}-${v}`}>
              {l}
            </label>
          </div>
        ))}
      </div>,
      true,
    );
  }
  const numeric = f.type === 'integer' || f.type === 'decimal';
  const input = (
    <input
      class={`govuk-input${numeric ? ' govuk-input--width-10' : f.type === 'date' ? ' govuk-input--width-10' : ''}${p.error ? ' govuk-input--error' : ''}`}
      id={id}
      name={name}
      type="text"
      value={Array.isArray(text) ? text.join(', ') : text}
      inputMode={f.type === 'integer' ? 'numeric' : f.type === 'decimal' ? 'decimal' : undefined}
      aria-describedby={described}
      spellcheck={false}
    />
  );
  return group(
    unit ? (
      <div class="govuk-input__wrapper">
        {input}
        <div class="govuk-input__suffix" aria-hidden="true">
          {unit}
        </div>
      </div>
    ) : (
      input
    ),
  );
}
