import type { Lang } from '../plugins/i18n.ts';

export type PageUser = {
  username: string;
  displayName: string;
  role: string;
  laoCode: string | null;
  provinceCode: string | null;
  districtCode: string | null;
  /** Unread in-app notifications (the bell in the header); set by the notifications plugin on pages. */
  unread?: number;
};

/** What every page knows about its request: language, path, the signed-in user and the CSRF token. */
export type PageCtx = {
  lang: Lang;
  path: string;
  url: string;
  user: PageUser | null;
  csrfToken: string | null;
};
