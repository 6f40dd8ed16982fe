import type { ComponentChildren } from 'preact';
import { CsrfField, ErrorSummary, TextInput, type ViewFieldError } from './components.tsx';
import { errorFor } from './forms.ts';
import { Layout } from './layout.tsx';
import type { PageCtx } from './page-ctx.ts';

export type FormField = {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel';
  hint?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel';
  width?: 'full' | 'two-thirds' | 'one-half' | 'one-third' | '20' | '10' | '5';
};

/** A simple form page: heading, error summary, fields with their errors and values kept, one submit button. */
export function FormPage(p: {
  ctx: PageCtx;
  title: string;
  action: string;
  fields: FormField[];
  submit: string;
  values?: Record<string, string | undefined>;
  errors?: ViewFieldError[];
  intro?: ComponentChildren;
  after?: ComponentChildren;
  hidden?: Record<string, string>;
}) {
  const errors = p.errors ?? [];
  return (
    <Layout ctx={p.ctx} title={p.title} hasErrors={errors.length > 0}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} lang={p.ctx.lang} />
          <h1 class="govuk-heading-l">{p.title}</h1>
          {p.intro}
          <form method="post" action={p.action} novalidate>
            <CsrfField token={p.ctx.csrfToken} />
            {Object.entries(p.hidden ?? {}).map(([k, v]) => (
              <input key={k} type="hidden" name={k} value={v} />
            ))}
            {p.fields.map((f) => (
              <TextInput
                key={f.name}
                name={f.name}
                label={f.label}
                type={f.type ?? 'text'}
                hint={f.hint}
                autocomplete={f.autocomplete}
                inputmode={f.inputmode}
                width={f.width}
                value={f.type === 'password' ? '' : (p.values?.[f.name] ?? '')}
                error={errorFor(errors, f.name)}
              />
            ))}
            <button type="submit" class="govuk-button">
              {p.submit}
            </button>
          </form>
          {p.after}
        </div>
      </div>
    </Layout>
  );
}
