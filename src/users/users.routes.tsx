import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { translator } from '../plugins/i18n.ts';
import { clearSessionCookie, requireActor, setSessionCookie } from '../plugins/session.ts';
import { can, roles } from '../policy/policy.ts';
import { api } from '../system/api-doc.ts';
import { AppError, bi } from '../util/errors.ts';
import { pageOf, paging, pagingOnly, pagingQuery } from '../util/paging.ts';
import { msg, parseOrThrow } from '../util/validation.ts';
import { NoticeBanner } from '../views/components.tsx';
import { type FormField, FormPage } from '../views/form-page.tsx';
import { formStatus, tryForm, viewErrors } from '../views/forms.ts';
import { landingFor } from '../views/navigation.ts';
import {
  apiUser,
  changePasswordSchema,
  forgotSchema,
  loginAnswer,
  loginSchema,
  mfaPolicySchema,
  newUserSchema,
  resetSchema,
  tokenIdParams,
  tokenSchema,
  totpSchema,
  usernameParams,
  usersQuery,
} from './users.schemas.ts';
import * as users from './users.service.ts';
import type { AppUserTable, Role } from './users.table.ts';
import { AccountPage, MfaPolicyPage, TotpEnrolPage, UsersPage } from './users.views.tsx';

const safeNext = (n: string | undefined) =>
  n && /^\/(?!\/)[\w\-./?=&%~]*$/.test(n) && !n.startsWith('/login') ? n : '/';

/** How many accounts /admin/users shows a page. */
const USERS_PAGE = 50;
/** How many API tokens /account shows a page. */
const TOKENS_PAGE = 20;

/** Accounts: sign-in (page and API), sessions, passwords, 2FA, API tokens, managing people. */
const remindersSchema = z.object({
  _csrf: z.string().optional(),
  reminders: z
    .enum(['on'], msg('เลือกหรือไม่เลือกช่องการแจ้งเตือนเท่านั้น', 'Tick the reminders box or leave it empty'))
    .optional(),
});

export async function usersRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const k = db.kysely;

  /** A new session for a signed-in user (ending the one the browser had) and its cookie. */
  async function startSession(
    req: FastifyRequest,
    reply: FastifyReply,
    user: AppUserTable,
    mfaPending: boolean,
  ) {
    if (req.sessionId) await users.closeSession(k, req.sessionId, null, req.ip);
    const s = await users.openSession(k, user, {
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      mfaPending,
    });
    setSessionCookie(req, reply, s.sid);
    return s.sid;
  }

  // JSON API: one request carries the password and, for an account with 2FA, the code.
  app.post(
    '/api/v1/auth/login',
    api({
      id: 'signIn',
      tag: 'accounts',
      public: true,
      summary:
        'Sign in: { username, password, totp? } → { token, user }; send the token as Authorization: Bearer',
      description:
        'An account with two-factor authentication sends its 6-digit code as totp in the same request (401 with mfaRequired: true without it). Failed attempts are limited per account and per address (429 with Retry-After).',
      body: loginSchema,
      answer: loginAnswer,
      status: 200,
      refusals: { 429: 'Too many failed sign-ins: try again after Retry-After seconds' },
    }),
    async (req, reply) => {
      const body = parseOrThrow(loginSchema, req.body, 'unprocessable');
      const user = await users.authenticate(k, {
        username: body.username,
        password: body.password,
        ip: req.ip,
      });
      if (user.totp_enabled === 1) {
        if (!body.totp) {
          throw new AppError(
            'unauthorized',
            bi(
              'บัญชีนี้ใช้การยืนยันตัวตนสองขั้นตอน ส่งรหัส 6 หลักใน totp',
              'This account uses 2FA: send the 6-digit code as totp',
            ),
            [],
            { mfaRequired: true },
          );
        }
        await users.verifySecondFactor(k, user, body.totp, req.ip);
      }
      const sid = await startSession(req, reply, user, false);
      return { token: sid, user: users.toApiUser(user) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    api({
      id: 'signOut',
      tag: 'accounts',
      summary: 'Ends the session the token (or cookie) belongs to',
      status: 204,
    }),
    async (req, reply) => {
      const actor = requireActor(req);
      const auth = req.headers.authorization;
      const raw = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : req.sessionId;
      if (raw && !raw.startsWith('lit_')) await users.closeSession(k, raw, actor, req.ip);
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    api({ id: 'me', tag: 'accounts', summary: 'The signed-in account', answer: apiUser }),
    async (req) => {
      requireActor(req);
      return users.toApiUser(req.authUser!);
    },
  );

  app.post(
    '/api/v1/account/password',
    api({
      id: 'changePassword',
      tag: 'accounts',
      summary:
        'Changes the password: { current, next } → { tokensRevoked, message }; every other session ends and every API token is revoked',
      body: changePasswordSchema,
      status: 200,
      answer: z.object({ tokensRevoked: z.number().int(), message: z.string() }),
    }),
    async (req) => {
      requireActor(req);
      const body = parseOrThrow(changePasswordSchema, req.body, 'unprocessable');
      // Keep the session making the change (cookie or bearer session token); end every other one.
      const raw = req.headers.authorization?.slice(7).trim();
      const keep = req.session?.idHash ?? (raw && !raw.startsWith('lit_') ? users.sha256(raw) : undefined);
      const { tokensRevoked } = await users.changePassword(k, req.authUser!, {
        current: body.current,
        next: body.next,
        keepSessionHash: keep,
      });
      const t = translator(req.lang);
      return {
        tokensRevoked,
        message: t(
          `เปลี่ยนรหัสผ่านแล้ว ออกจากระบบในเครื่องอื่นทั้งหมดและยกเลิกโทเคน API ${tokensRevoked} รายการ`,
          `Password changed; every other session ended and ${tokensRevoked} API token(s) revoked`,
        ),
      };
    },
  );

  app.get(
    '/api/v1/account/tokens',
    api({
      id: 'listTokens',
      tag: 'accounts',
      paged: true,
      summary: 'My personal API tokens: items [{ id, name, createdAt, lastUsedAt, revokedAt }]',
      query: pagingOnly,
    }),
    async (req) => {
      const actor = requireActor(req);
      const p = paging(parseOrThrow(pagingOnly, req.query), 50);
      const r = await users.listApiTokens(k, actor.id, { limit: p.pageSize, offset: p.offset });
      const items = r.items.map((t) => ({
        id: t.id,
        name: t.name,
        createdAt: t.created_at,
        lastUsedAt: t.last_used_at,
        revokedAt: t.revoked_at,
      }));
      return pageOf(req.url, p, items, r.total);
    },
  );
  app.post(
    '/api/v1/account/tokens',
    api({
      id: 'createToken',
      tag: 'accounts',
      summary: 'Creates a personal API token: { name } → 201 { token (lit_…, shown once), name }',
      body: tokenSchema,
      status: 201,
      answer: z.object({ token: z.string(), name: z.string() }),
    }),
    async (req, reply) => {
      const actor = requireActor(req);
      const { name } = parseOrThrow(tokenSchema, req.body, 'unprocessable');
      return reply.code(201).send({ token: await users.createApiToken(k, actor, name), name });
    },
  );
  app.delete(
    '/api/v1/account/tokens/:id',
    api({
      id: 'revokeToken',
      tag: 'accounts',
      summary: 'Revokes one of my API tokens',
      params: tokenIdParams,
      status: 204,
    }),
    async (req, reply) => {
      const actor = requireActor(req);
      await users.revokeApiToken(k, actor, parseOrThrow(tokenIdParams, req.params).id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/users',
    api({
      id: 'listUsers',
      tag: 'accounts',
      paged: true,
      summary:
        'Accounts the caller manages: items [{ username, displayName, role, laoCode, provinceCode, districtCode, disabled, email }]',
      description:
        'The centre sees every account; a province officer the accounts of their province; an LAO administrator those of their LAO.',
      query: usersQuery,
      notes: { lao: '7-digit LAO code', role: 'one role' },
    }),
    async (req) => {
      const actor = requireActor(req);
      const q = parseOrThrow(usersQuery, req.query);
      const p = paging(q, 100);
      const r = await users.listUsersFor(
        k,
        actor,
        { laoCode: q.lao, role: q.role },
        { limit: p.pageSize, offset: p.offset },
      );
      const items = r.items.map((u) => ({
        ...users.toApiUser(u),
        disabled: Boolean(u.disabled_at),
        email: u.email,
      }));
      return pageOf(req.url, p, items, r.total);
    },
  );
  app.post(
    '/api/v1/users',
    api({
      id: 'createUser',
      tag: 'accounts',
      summary:
        'Creates an account within the caller’s scope: → 201 { user, initialPassword } (changed at first sign-in)',
      body: newUserSchema,
      status: 201,
      answer: z.object({ user: apiUser, initialPassword: z.string().nullable() }),
      refusals: { 409: 'The username is taken' },
    }),
    async (req, reply) => {
      const actor = requireActor(req);
      const b = parseOrThrow(newUserSchema, req.body, 'unprocessable');
      const r = await users.createUser(k, actor, { ...b, role: b.role as Role, mustChangePassword: true });
      return reply.code(201).send({ user: users.toApiUser(r.user), initialPassword: r.generatedPassword });
    },
  );
  app.post(
    '/api/v1/users/:username/disable',
    api({
      id: 'disableUser',
      tag: 'accounts',
      summary: 'Disables an account (its sessions and tokens stop working)',
      params: usernameParams,
      status: 204,
    }),
    async (req, reply) => {
      await users.setDisabled(k, requireActor(req), parseOrThrow(usernameParams, req.params).username, true);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/users/:username/enable',
    api({
      id: 'enableUser',
      tag: 'accounts',
      summary: 'Enables a disabled account',
      params: usernameParams,
      status: 204,
    }),
    async (req, reply) => {
      await users.setDisabled(k, requireActor(req), parseOrThrow(usernameParams, req.params).username, false);
      return reply.code(204).send();
    },
  );
  app.put(
    '/api/v1/admin/mfa-policy',
    api({
      id: 'setMfaPolicy',
      tag: 'accounts',
      summary:
        'Requires (or not) two-factor authentication for a role: { role, required } (central administrator)',
      body: mfaPolicySchema,
      answer: mfaPolicySchema,
    }),
    async (req) => {
      const actor = requireActor(req);
      const b = parseOrThrow(mfaPolicySchema, req.body, 'unprocessable');
      await users.setMfaRequired(k, actor, b.role, b.required);
      return { role: b.role, required: b.required };
    },
  );

  // Pages
  const passwordField = (
    name: string,
    label: string,
    autocomplete: 'current-password' | 'new-password',
    hint?: string,
  ): FormField => ({
    name,
    label,
    type: 'password',
    autocomplete,
    width: 'one-half',
    ...(hint ? { hint } : {}),
  });
  /** The new password and its confirmation (changing it, or resetting it from a link). */
  const newPasswordFields = (t: (a: string, b: string) => string, name: string, hint?: string) => [
    passwordField(name, t('รหัสผ่านใหม่', 'New password'), 'new-password', hint),
    passwordField('confirm', t('ยืนยันรหัสผ่านใหม่', 'Confirm the new password'), 'new-password'),
  ];
  const loginFields = (t: (a: string, b: string) => string) => [
    { name: 'username', label: t('ชื่อผู้ใช้', 'Username'), autocomplete: 'username', width: 'one-half' as const },
    passwordField('password', t('รหัสผ่าน', 'Password'), 'current-password'),
  ];
  const loginPage = (
    req: FastifyRequest,
    values: Record<string, string | undefined> = {},
    errors: ReturnType<typeof viewErrors> = [],
    notice: string | null = null,
  ) => {
    const t = translator(req.lang);
    return (
      <FormPage
        ctx={req.pageCtx()}
        intro={notice ? <NoticeBanner text={notice} lang={req.lang} /> : null}
        title={t('เข้าสู่ระบบ', 'Sign in')}
        action="/login"
        fields={loginFields(t)}
        submit={t('เข้าสู่ระบบ', 'Sign in')}
        values={values}
        errors={errors}
        hidden={{ next: values.next ?? '/' }}
        after={
          <p class="govuk-body">
            <a class="govuk-link" href="/forgot-password">
              {t('ลืมรหัสผ่าน', 'Forgotten your password?')}
            </a>
          </p>
        }
      />
    );
  };

  app.get('/login', async (req, reply) => {
    const q = req.query as { next?: string; done?: string; tokens?: string };
    const t = translator(req.lang);
    const n = q.tokens && /^\d{1,6}$/.test(q.tokens) ? q.tokens : '0';
    const notice =
      q.done === 'reset'
        ? t(
            `ตั้งรหัสผ่านใหม่แล้ว ออกจากระบบทุกเครื่อง ยกเลิกโทเคน API ${n} รายการ และปลดล็อกบัญชีแล้ว เข้าสู่ระบบด้วยรหัสผ่านใหม่`,
            `Your new password is set: every session ended, ${n} API token(s) revoked and any lock lifted. Sign in with the new password`,
          )
        : null;
    return reply.page(loginPage(req, { next: safeNext(q.next) }, [], notice));
  });
  app.post('/login', async (req, reply) => {
    const parsed = loginSchema.safeParse(req.body);
    const values = {
      username: (req.body as Record<string, string>)?.username,
      next: safeNext((req.body as Record<string, string>)?.next),
    };
    if (!parsed.success) return reply.page(loginPage(req, values, viewErrors(parsed.error, req.lang)), 400);
    const r = await tryForm(req.lang, async () => {
      const user = await users.authenticate(k, { ...parsed.data, ip: req.ip });
      const mfa = user.totp_enabled === 1;
      await startSession(req, reply, user, mfa);
      return { user, mfa };
    });
    if (!r.ok) return reply.page(loginPage(req, values, r.errors), formStatus(reply, r));
    // Asked for no page: a provincial officer lands on their province dashboard.
    const u = r.value.user;
    const next =
      values.next === '/'
        ? landingFor({ role: u.role, laoCode: u.lao_code, provinceCode: u.province_code })
        : values.next;
    if (r.value.mfa) return reply.redirect(`/login/2fa?next=${encodeURIComponent(next)}`, 303);
    return reply.redirect(u.must_change_password ? '/account/password' : next, 303);
  });

  const mfaPage = (req: FastifyRequest, errors: ReturnType<typeof viewErrors> = []) => {
    const t = translator(req.lang);
    return (
      <FormPage
        ctx={req.pageCtx()}
        title={t('ยืนยันตัวตนสองขั้นตอน', 'Two-factor authentication')}
        action="/login/2fa"
        fields={[
          {
            name: 'code',
            label: t('รหัส 6 หลักจากแอปยืนยันตัวตน', '6-digit code from your authenticator app'),
            inputmode: 'numeric',
            autocomplete: 'one-time-code',
            width: '5',
          },
        ]}
        submit={t('ยืนยัน', 'Verify')}
        errors={errors}
        hidden={{ next: safeNext((req.query as { next?: string }).next) }}
      />
    );
  };
  app.get('/login/2fa', async (req, reply) =>
    req.session?.mfaPending ? reply.page(mfaPage(req)) : reply.redirect('/login', 303),
  );
  app.post('/login/2fa', async (req, reply) => {
    if (!req.session?.mfaPending) return reply.redirect('/login', 303);
    const parsed = totpSchema.safeParse(req.body);
    if (!parsed.success) return reply.page(mfaPage(req, viewErrors(parsed.error, req.lang)), 400);
    const r = await tryForm(req.lang, () => users.completeMfa(k, req.session!, parsed.data.code, req.ip));
    if (!r.ok) {
      // Five wrong codes or a lock end the waiting session: back to the password, with the reason.
      if (!(await users.resolveSession(k, req.sessionId!))) {
        clearSessionCookie(reply);
        return reply.page(
          loginPage(req, { next: safeNext((req.body as Record<string, string>).next) }, r.errors),
          formStatus(reply, r),
        );
      }
      return reply.page(mfaPage(req, r.errors), formStatus(reply, r));
    }
    return reply.redirect(safeNext((req.body as Record<string, string>).next), 303);
  });

  app.post('/logout', async (req, reply) => {
    if (req.sessionId) await users.closeSession(k, req.sessionId, req.actor, req.ip);
    clearSessionCookie(reply);
    return reply.redirect('/', 303);
  });

  const passwordPage = (req: FastifyRequest, errors: ReturnType<typeof viewErrors> = []) => {
    const t = translator(req.lang);
    const first = req.authUser?.must_change_password === 1;
    return (
      <FormPage
        ctx={req.pageCtx()}
        title={
          first
            ? t('ตั้งรหัสผ่านใหม่ก่อนใช้งานครั้งแรก', 'Set a new password before you start')
            : t('เปลี่ยนรหัสผ่าน', 'Change your password')
        }
        action="/account/password"
        fields={[
          passwordField('current', t('รหัสผ่านปัจจุบัน', 'Current password'), 'current-password'),
          ...newPasswordFields(
            t,
            'next',
            t('อย่างน้อย 10 ตัวอักษร และไม่ใช่รหัสผ่านที่ใช้กันทั่วไป', 'At least 10 characters, not a common password'),
          ),
        ]}
        submit={t('บันทึกรหัสผ่านใหม่', 'Save the new password')}
        errors={errors}
      />
    );
  };
  app.get('/account/password', async (req, reply) => {
    requireActor(req);
    return reply.page(passwordPage(req));
  });
  app.post('/account/password', async (req, reply) => {
    requireActor(req);
    const parsed = changePasswordSchema.safeParse(req.body);
    if (!parsed.success) return reply.page(passwordPage(req, viewErrors(parsed.error, req.lang)), 400);
    const r = await tryForm(req.lang, () =>
      users.changePassword(k, req.authUser!, {
        current: parsed.data.current,
        next: parsed.data.next,
        keepSessionHash: req.session?.idHash,
      }),
    );
    if (!r.ok) return reply.page(passwordPage(req, r.errors), 400);
    return reply.redirect(`/account?done=password&tokens=${r.value.tokensRevoked}`, 303);
  });

  const accountPage = (req: FastifyRequest, p: Omit<Parameters<typeof AccountPage>[0], 'ctx' | 'user'>) => (
    <AccountPage ctx={req.pageCtx()} user={req.authUser!} {...p} />
  );
  // The account page lists a user's tokens a page at a time.
  const tokensPage = (userId: string, p = paging({}, TOKENS_PAGE)) =>
    users
      .listApiTokens(k, userId, { limit: p.pageSize, offset: p.offset })
      .then((r) => ({ ...r, paging: p }));
  app.get('/account', async (req, reply) => {
    const actor = requireActor(req);
    const q = parseOrThrow(z.object({ done: z.string().optional(), page: pagingQuery.page }), req.query);
    const [tokens, divisions] = await Promise.all([
      tokensPage(actor.id, paging(q, TOKENS_PAGE)),
      users.divisionsOfUser(k, actor.id),
    ]);
    const { tokens: revoked } = req.query as { tokens?: string };
    const tokensRevoked = revoked && /^\d{1,6}$/.test(revoked) ? Number(revoked) : null;
    return reply.page(accountPage(req, { tokens, divisions, done: q.done, tokensRevoked, newToken: null }));
  });
  // Reminder mails on or off: one checkbox (an unticked box sends nothing, so absent means off).
  app.post('/account/reminders', async (req, reply) => {
    const actor = requireActor(req);
    const parsed = remindersSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const [tokens, divisions] = await Promise.all([
        tokensPage(actor.id),
        users.divisionsOfUser(k, actor.id),
      ]);
      const errors = viewErrors(parsed.error, req.lang);
      return reply.page(accountPage(req, { tokens, divisions, errors, newToken: null }), 400);
    }
    const on = parsed.data.reminders === 'on';
    await users.setReminders(k, actor, on);
    return reply.redirect(`/account?done=${on ? 'reminders_on' : 'reminders_off'}`, 303);
  });
  app.post('/account/tokens', async (req, reply) => {
    const actor = requireActor(req);
    const parsed = tokenSchema.safeParse(req.body);
    const [tokens, divisions] = await Promise.all([tokensPage(actor.id), users.divisionsOfUser(k, actor.id)]);
    if (!parsed.success) {
      const errors = viewErrors(parsed.error, req.lang);
      return reply.page(accountPage(req, { tokens, divisions, errors, newToken: null }), 400);
    }
    const raw = await users.createApiToken(k, actor, parsed.data.name);
    return reply.page(accountPage(req, { tokens: await tokensPage(actor.id), divisions, newToken: raw }));
  });
  app.post('/account/tokens/:id/revoke', async (req, reply) => {
    await users.revokeApiToken(k, requireActor(req), (req.params as { id: string }).id);
    return reply.redirect('/account?done=token_revoked', 303);
  });

  const totpPage = async (req: FastifyRequest, errors: ReturnType<typeof viewErrors> = []) => {
    const u = req.authUser!;
    return (
      <TotpEnrolPage
        ctx={req.pageCtx()}
        user={u}
        secret={u.totp_enabled ? null : u.totp_secret}
        required={await users.mfaRequiredFor(k, u.role)}
        errors={errors}
      />
    );
  };
  // Looking changes nothing: the secret of an enrolment is made by the "start" button (a POST) and shown until
  // a code confirms it.
  app.get('/account/2fa', async (req, reply) => {
    requireActor(req);
    return reply.page(await totpPage(req));
  });
  app.post('/account/2fa', async (req, reply) => {
    requireActor(req);
    const u = req.authUser!;
    const action = (req.body as Record<string, unknown>)?.action;
    if (action === 'start') {
      const r = await tryForm(req.lang, () => users.beginTotp(k, u));
      if (!r.ok) return reply.page(await totpPage(req, r.errors), r.status);
      return reply.redirect('/account/2fa', 303);
    }
    if (action !== 'enable' && action !== 'disable') {
      const t = translator(req.lang);
      return reply.page(
        await totpPage(req, [
          { field: 'form', message: t('เลือกเปิดหรือปิดด้วยปุ่มในหน้านี้', 'Use a button on this page') },
        ]),
        400,
      );
    }
    const parsed = totpSchema.safeParse(req.body);
    if (!parsed.success) return reply.page(await totpPage(req, viewErrors(parsed.error, req.lang)), 400);
    const r = await tryForm(req.lang, () =>
      action === 'disable'
        ? users.disableTotp(k, u, parsed.data.code, req.ip)
        : users.confirmTotp(k, u, parsed.data.code),
    );
    if (!r.ok) return reply.page(await totpPage(req, r.errors), formStatus(reply, r));
    return reply.redirect(`/account?done=${action === 'disable' ? '2fa_off' : '2fa_on'}`, 303);
  });

  const forgotPage = (req: FastifyRequest, errors: ReturnType<typeof viewErrors> = [], sent = false) => {
    const t = translator(req.lang);
    return (
      <FormPage
        ctx={req.pageCtx()}
        title={t('ลืมรหัสผ่าน', 'Forgotten password')}
        action="/forgot-password"
        fields={[
          { name: 'username', label: t('ชื่อผู้ใช้', 'Username'), autocomplete: 'username', width: 'one-half' },
        ]}
        submit={t('ส่งลิงก์ตั้งรหัสผ่านใหม่', 'Send a reset link')}
        errors={errors}
        intro={
          sent ? (
            <div class="govuk-panel govuk-panel--confirmation app-panel-s">
              <p class="govuk-body">
                {t(
                  'หากบัญชีนี้มีอีเมล ระบบได้ส่งลิงก์ตั้งรหัสผ่านใหม่ให้แล้ว ลิงก์ใช้ได้ 1 ชั่วโมง',
                  'If the account has an e-mail, a reset link valid for 1 hour was sent to it',
                )}
              </p>
            </div>
          ) : null
        }
      />
    );
  };
  app.get('/forgot-password', async (req, reply) => reply.page(forgotPage(req)));
  app.post('/forgot-password', async (req, reply) => {
    const parsed = forgotSchema.safeParse(req.body);
    if (!parsed.success) return reply.page(forgotPage(req, viewErrors(parsed.error, req.lang)), 400);
    const r = await tryForm(req.lang, () =>
      users.requestPasswordReset(k, config, parsed.data.username, req.ip),
    );
    if (!r.ok) return reply.page(forgotPage(req, r.errors), formStatus(reply, r));
    return reply.page(forgotPage(req, [], true));
  });

  const resetPage = (req: FastifyRequest, token: string, errors: ReturnType<typeof viewErrors> = []) => {
    const t = translator(req.lang);
    return (
      <FormPage
        ctx={req.pageCtx()}
        title={t('ตั้งรหัสผ่านใหม่', 'Choose a new password')}
        action={`/reset-password/${encodeURIComponent(token)}`}
        fields={newPasswordFields(t, 'password')}
        submit={t('บันทึก', 'Save')}
        errors={errors}
      />
    );
  };
  app.get('/reset-password/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    if (!(await users.resetTokenValid(k, token)))
      throw new AppError(
        'bad_request',
        bi(
          'ลิงก์นี้หมดอายุหรือถูกใช้ไปแล้ว ขอลิงก์ใหม่ที่หน้า "ลืมรหัสผ่าน"',
          'This link has expired or was used; ask for a new one',
        ),
      );
    return reply.page(resetPage(req, token));
  });
  app.post('/reset-password/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const parsed = resetSchema.safeParse(req.body);
    if (!parsed.success) return reply.page(resetPage(req, token, viewErrors(parsed.error, req.lang)), 400);
    const r = await tryForm(req.lang, () => users.resetPassword(k, token, parsed.data.password));
    if (!r.ok) return reply.page(resetPage(req, token, r.errors), r.status);
    return reply.redirect(`/login?done=reset&tokens=${r.value.tokensRevoked}`, 303);
  });

  // Managing people
  const usersPageQuery = z.object({ q: z.string().max(100).optional(), ...pagingQuery });
  app.get('/admin/users', async (req, reply) => {
    const actor = requireActor(req);
    const q = parseOrThrow(usersPageQuery, req.query);
    const p = paging(q, USERS_PAGE);
    const list = await users.listUsersFor(k, actor, { q: q.q }, { limit: p.pageSize, offset: p.offset });
    return reply.page(
      <UsersPage
        ctx={req.pageCtx()}
        actor={actor}
        users={list}
        paging={p}
        q={q.q}
        divisions={actor.laoCode ? await users.divisionsOfLao(k, actor.laoCode) : []}
        values={{}}
        errors={[]}
        created={null}
      />,
    );
  });
  app.post('/admin/users', async (req, reply) => {
    const actor = requireActor(req);
    const body = req.body as Record<string, string>;
    const divisions = actor.laoCode ? await users.divisionsOfLao(k, actor.laoCode) : [];
    const render = async (
      status: number,
      errors: ReturnType<typeof viewErrors>,
      created: { username: string; password: string | null } | null,
    ) =>
      reply.page(
        <UsersPage
          ctx={req.pageCtx()}
          actor={actor}
          users={await users.listUsersFor(k, actor, {}, { limit: USERS_PAGE, offset: 0 })}
          paging={paging({}, USERS_PAGE)}
          divisions={divisions}
          values={created ? {} : body}
          errors={errors}
          created={created}
        />,
        status,
      );
    const parsed = newUserSchema.safeParse(body);
    if (!parsed.success) return render(400, viewErrors(parsed.error, req.lang), null);
    const input = {
      ...parsed.data,
      role: parsed.data.role as Role,
      laoCode: parsed.data.laoCode ?? (actor.role === 'lao_admin' ? actor.laoCode : undefined),
      mustChangePassword: true,
    };
    if (
      !can(actor, 'user.manage', {
        laoCode: input.laoCode,
        provinceCode: input.laoCode?.slice(1, 3) ?? input.provinceCode,
        districtCode: input.districtCode,
        targetRole: input.role,
      })
    ) {
      return render(
        403,
        [
          {
            field: 'role',
            message: translator(req.lang)(
              'คุณสร้างบัญชีบทบาทนี้ในขอบเขตนี้ไม่ได้',
              'You cannot create this role in this scope',
            ),
          },
        ],
        null,
      );
    }
    const r = await tryForm(req.lang, () => users.createUser(k, actor, input));
    if (!r.ok) return render(r.status, r.errors, null);
    return render(201, [], { username: r.value.user.username, password: r.value.generatedPassword });
  });
  app.post('/admin/users/:username/:op', async (req, reply) => {
    const { username, op } = req.params as { username: string; op: string };
    if (op !== 'disable' && op !== 'enable')
      throw new AppError('not_found', bi('ไม่พบคำสั่งนี้', 'No such action'));
    await users.setDisabled(k, requireActor(req), username, op === 'disable');
    return reply.redirect('/admin/users', 303);
  });

  app.get('/admin/mfa', async (req, reply) => {
    const actor = requireActor(req);
    if (!can(actor, 'system.admin'))
      throw new AppError('forbidden', bi('เฉพาะผู้ดูแลระบบส่วนกลาง', 'Central administrators only'));
    const required = await Promise.all(
      roles.map(async (r) => [r, await users.mfaRequiredFor(k, r)] as const),
    );
    return reply.page(
      <MfaPolicyPage ctx={req.pageCtx()} required={Object.fromEntries(required) as Record<Role, boolean>} />,
    );
  });
  app.post('/admin/mfa', async (req, reply) => {
    const actor = requireActor(req);
    const body = req.body as Record<string, string | string[]>;
    const chosen = new Set(Array.isArray(body.roles) ? body.roles : body.roles ? [body.roles] : []);
    for (const r of roles) await users.setMfaRequired(k, actor, r, chosen.has(r));
    return reply.redirect('/admin/mfa', 303);
  });
}
