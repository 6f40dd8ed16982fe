import type { ComponentChildren } from 'preact';
import { translator } from '../plugins/i18n.ts';
import { CsrfField, SummaryList, WarningText } from './components.tsx';
import { Layout } from './layout.tsx';
import type { PageCtx } from './page-ctx.ts';

/** The field a confirmed form sends; a page form without it is answered with the confirmation page. */
export const CONFIRMED = 'confirmed';

/** Whether a page form was confirmed (by the confirmation page or by public/confirm.js). */
export const isConfirmed = (body: unknown) =>
  typeof body === 'object' && body !== null && (body as Record<string, unknown>)[CONFIRMED] === 'yes';

/**
 * "Are you sure?" for what cannot be undone, without script: what will happen, the details, a warning, and a
 * POST button to the same action with confirmed=yes (and the fields the first form sent, e.g. a reason).
 */
export function ConfirmPage(p: {
  ctx: PageCtx;
  title: string;
  /** What happens when confirmed, in one sentence. */
  lead: string;
  details: { key: string; value: string }[];
  warning?: string;
  action: string;
  hidden?: Record<string, string>;
  button: string;
  cancelHref: string;
  breadcrumbs?: { href: string; label: string }[];
  /** More to read before confirming (the flagged values of an aspect before its certification). */
  extra?: ComponentChildren;
}) {
  const t = translator(p.ctx.lang);
  return (
    <Layout ctx={p.ctx} title={p.title} breadcrumbs={p.breadcrumbs}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">{p.title}</h1>
          <p class="govuk-body">{p.lead}</p>
          {p.details.length ? <SummaryList rows={p.details.map((d) => [d.key, d.value])} /> : null}
          {p.extra}
          {p.warning ? <WarningText lang={p.ctx.lang}>{p.warning}</WarningText> : null}
          <form method="post" action={p.action}>
            <CsrfField token={p.ctx.csrfToken} />
            <input type="hidden" name={CONFIRMED} value="yes" />
            {Object.entries(p.hidden ?? {}).map(([k, v]) => (
              <input type="hidden" name={k} value={v} key={k} />
            ))}
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button govuk-button--warning">
                {p.button}
              </button>
              <a class="govuk-link" href={p.cancelHref}>
                {t('ยกเลิก กลับไปโดยไม่เปลี่ยนแปลง', 'Cancel and go back without changing anything')}
              </a>
            </div>
          </form>
        </div>
      </div>
    </Layout>
  );
}
