import type { ComponentChildren } from 'preact';
import { translator } from '../plugins/i18n.ts';
import { CsrfField } from './components.tsx';
import { isCurrent, loginFor, navigationFor } from './navigation.ts';
import type { PageCtx } from './page-ctx.ts';

type MenuItem = { th: string; en: string; href: string | null };

const aspectNames: [string, string][] = [
  ['สาธารณสุขและสิ่งแวดล้อม', 'Public health and environment'],
  ['นวัตกรรมและการศึกษา', 'Innovation and education'],
  ['สาธารณภัย', 'Disaster prevention'],
  ['โครงสร้างพื้นฐาน', 'Infrastructure'],
  ['การบริหารจัดการน้ำ', 'Water management'],
  ['การจัดการภายในและธรรมาภิบาล', 'Internal management and governance'],
  ['สังคม ศาสนา วัฒนธรรม', 'Society, religion and culture'],
  ['เศรษฐกิจและแหล่งท่องเที่ยว', 'Economy and tourism'],
];

/** The INFO menu, in the official system's order; an entry without a page yet has no href. */
export function infoMenu(): MenuItem[] {
  return [
    ...aspectNames.map(([th, en], i) => ({
      th: `ด้านที่ ${i + 1} ${th}`,
      en: `Aspect ${i + 1}: ${en}`,
      href: menuLinks.aspect ? `${menuLinks.aspect}${i + 1}` : null,
    })),
    { th: 'รายงานเกี่ยวกับหนี้ขององค์กรปกครองส่วนท้องถิ่น', en: 'Debt report', href: menuLinks.debt },
    { th: 'การรับรองข้อมูล', en: 'Certification', href: menuLinks.certification },
    { th: 'ลงทะเบียนผู้รับผิดชอบ e-mail กลาง', en: 'Central e-mail registration', href: menuLinks.contact },
    { th: 'ประวัติการดำเนินการ', en: 'Activity log', href: menuLinks.activity },
  ];
}

/** Where the INFO menu's entries lead; each domain that builds a page sets its link when it registers. */
export const menuLinks: {
  aspect: string | null;
  debt: string | null;
  certification: string | null;
  contact: string | null;
  activity: string | null;
} = { aspect: null, debt: null, certification: null, contact: null, activity: null };

/** The page frame: header, service navigation, language switch, INFO menu and footer. */
export function Layout(props: {
  ctx: PageCtx;
  title: string;
  hasErrors?: boolean;
  children: ComponentChildren;
  wide?: boolean;
  breadcrumbs?: { href: string; label: string }[];
  /** Scripts from /assets that enhance the page (it works without them). */
  scripts?: string[];
}) {
  const { ctx } = props;
  const t = translator(ctx.lang);
  const other = ctx.lang === 'th' ? 'en' : 'th';
  const switchHref = (() => {
    const u = new URL(ctx.url, 'http://x');
    u.searchParams.set('lang', other);
    return `${u.pathname}${u.search}`;
  })();
  const title = `${props.hasErrors ? t('ข้อผิดพลาด: ', 'Error: ') : ''}${props.title} – ${t('ระบบข้อมูลกลาง อปท.', 'LAO central data')}`;
  const nav = navigationFor(ctx.user);
  // One width for the header, the menu, the content and the footer, so that their edges line up.
  const container = `govuk-width-container${props.wide ? ' app-wide' : ''}`;
  return (
    <html lang={ctx.lang} class="govuk-template govuk-template--rebranded">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/assets/govuk.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        {props.scripts?.map((src) => (
          <script key={src} src={`/assets/${src}`} defer />
        ))}
      </head>
      <body class="govuk-template__body">
        <a href="#main-content" class="govuk-skip-link">
          {t('ข้ามไปยังเนื้อหาหลัก', 'Skip to main content')}
        </a>
        <header class="app-header">
          <div class={`${container} app-header__inner`}>
            <a href="/" class="app-header__brand">
              <span class="app-header__logo" aria-hidden="true">
                INFO
              </span>
              <span>
                <span class="app-header__name">
                  {t('ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น', 'LAO Central Data System')}
                </span>
                <span class="app-header__sub">
                  {t('lao-info · ข้อมูลเปิดของท้องถิ่น', 'lao-info · open local government data')}
                </span>
              </span>
            </a>
            <div class="app-header__tools">
              <a class="app-header__link" href={switchHref} lang={other} hrefLang={other}>
                {other === 'en' ? 'English' : 'ภาษาไทย'}
              </a>
              {ctx.user ? (
                <>
                  <a class="app-header__link app-bell" href="/notifications">
                    {t('การแจ้งเตือน', 'Notifications')}
                    {ctx.user.unread ? (
                      <>
                        {' '}
                        <span class="app-bell__count">{ctx.user.unread}</span>
                        <span class="govuk-visually-hidden">{t(' รายการที่ยังไม่อ่าน', ' unread')}</span>
                      </>
                    ) : null}
                  </a>
                  <span class="app-header__user">{ctx.user.displayName}</span>
                  <form method="post" action="/logout" class="app-inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <button type="submit" class="app-header__button">
                      {t('ออกจากระบบ', 'Sign out')}
                    </button>
                  </form>
                </>
              ) : menuLinks.contact ? (
                <a class="app-header__link" href="/login">
                  {t('เข้าสู่ระบบ', 'Sign in')}
                </a>
              ) : null}
            </div>
          </div>
        </header>
        <nav class="app-nav" aria-label={t('เมนูหลัก', 'Main menu')}>
          <ul class={`${container} app-nav__list`}>
            {nav.map((m) => (
              <li key={m.href}>
                <a
                  class="app-nav__link"
                  href={m.href}
                  aria-current={isCurrent(m, ctx.path) ? 'page' : undefined}
                >
                  {t(m.th, m.en)}
                  {m.signIn ? <span class="app-nav__note"> {t('(ต้องเข้าสู่ระบบ)', '(sign in)')}</span> : null}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class={container}>
          {props.breadcrumbs?.length ? (
            <nav class="govuk-breadcrumbs" aria-label={t('เส้นทาง', 'Breadcrumb')}>
              <ol class="govuk-breadcrumbs__list">
                {props.breadcrumbs.map((b) => (
                  <li class="govuk-breadcrumbs__list-item" key={b.href}>
                    <a class="govuk-breadcrumbs__link" href={b.href}>
                      {b.label}
                    </a>
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          <div class="app-columns">
            <main class="govuk-main-wrapper app-main" id="main-content">
              {props.children}
            </main>
            <aside class="app-sidebar" aria-label={t('เมนู INFO', 'INFO menu')}>
              <h2 class="govuk-heading-s">{t('เมนู INFO', 'INFO menu')}</h2>
              {ctx.user ? null : (
                <p class="govuk-body-s app-muted" id="info-menu-note">
                  {t('สำหรับเจ้าหน้าที่ อปท. (ต้องเข้าสู่ระบบ)', 'For LAO staff (sign in required)')}
                </p>
              )}
              <ol class="app-menu">
                {infoMenu().map((m) => (
                  <li key={m.th}>
                    {m.href ? (
                      <a class="govuk-link" href={ctx.user ? m.href : loginFor(m.href)}>
                        {t(m.th, m.en)}
                      </a>
                    ) : (
                      <span class="app-menu__pending">{t(m.th, m.en)}</span>
                    )}
                  </li>
                ))}
              </ol>
            </aside>
          </div>
        </div>
        <footer class="govuk-footer">
          <div class={container}>
            <p class="govuk-body-s">
              {t(
                'ทะเบียน อปท.: กรมส่งเสริมการปกครองท้องถิ่น (DLA Open Data) · ข้อมูลภูมิศาสตร์: thailand-geography-json (MIT)',
                'LAO registry: Department of Local Administration (DLA Open Data) · Geography: thailand-geography-json (MIT)',
              )}
            </p>
            <p class="govuk-body-s">
              <a class="govuk-footer__link" href="/api/docs">
                API
              </a>
              {' · '}
              <a class="govuk-footer__link" href="/api/openapi.json">
                OpenAPI
              </a>
              {' · '}lao-info — {t('ซอฟต์แวร์เสรี (MIT)', 'free software (MIT)')}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** A simple error page (404, 500, 403). */
export function ErrorPage({
  ctx,
  status,
  title,
  message,
}: {
  ctx: PageCtx;
  status: number;
  title: string;
  message: string;
}) {
  const t = translator(ctx.lang);
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">{message}</p>
      <p class="govuk-body">
        <a class="govuk-link" href="/">
          {t('กลับหน้าแรก', 'Back to the home page')}
        </a>
      </p>
      <p class="govuk-body-s app-muted">HTTP {status}</p>
    </Layout>
  );
}
