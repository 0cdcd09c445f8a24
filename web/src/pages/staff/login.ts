import { h } from 'preact';
import { useState } from 'preact/hooks';
import { m } from '../../i18n/index.ts';
import { ApiError, request } from '../../lib/api.ts';
import { localAuthEnabled, localStaffUsers } from '../../lib/config.ts';
import { type Location, navigate } from '../../lib/router.ts';
import { staffProblemText } from '../../lib/staff-api.ts';
import { currentSession, safeNext, signIn } from '../../lib/staff-session.ts';
import {
  Button,
  type ErrorItem,
  ErrorSummary,
  Inset,
  Notification,
  PageHeading,
  Radios,
  TextInput,
  toFieldErrors,
  useTitle,
} from '../../ui/components.ts';
import '../../ui/staff.css';

/**
 * Staff sign-in. Locally (config.json `localAuth: true`, or an API on 127.0.0.1/localhost) the
 * user names a seeded demo account and the local stack issues its token (`POST /_local/auth/token`).
 *
 * TODO(cognito): in AWS, sign-in goes through the Cognito hosted UI — authorization-code flow with
 * PKCE: redirect to `https://<cognitoDomain>/oauth2/authorize?client_id=…&response_type=code&
 * code_challenge=…&redirect_uri=<origin>/can-bo/dang-nhap`, then exchange the code at
 * `/oauth2/token` and `signIn(id_token)`. The domain and client id would come from config.json
 * (`cognitoDomain`, `cognitoClientId`), written by the deployment; until then the page says so.
 */
export function StaffLoginPage({ loc }: { loc: Location }) {
  const t = m().staff.login;
  const local = localAuthEnabled();
  const users = localStaffUsers();
  const [username, setUsername] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const session = currentSession();
  const next = safeNext(loc.query.get('next'));
  const expired = loc.query.get('expired') === '1';
  const signedOut = loc.query.get('signed-out') === '1';
  useTitle(t.title, errors.length > 0);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setAttempt((n) => n + 1);
    const name = username.trim();
    if (!name) {
      setErrors([{ path: 'login.username', text: users.length ? t.userRequired : t.usernameRequired }]);
      return;
    }
    setBusy(true);
    try {
      const res = await request<{ token: string }>('POST', '/_local/auth/token', {
        body: { username: name },
      });
      if (!signIn(res.token)) throw new ApiError(500, { code: 'BAD_TOKEN' });
      setErrors([]);
      navigate(next, { replace: true });
    } catch (err) {
      setErrors([
        {
          path: 'login.username',
          text: err instanceof ApiError && err.status === 404 ? t.unknownUser : staffProblemText(err),
        },
      ]);
    } finally {
      setBusy(false);
    }
  }

  const fe = toFieldErrors(errors);
  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(ErrorSummary, { errors, attempt }),
      expired ? h(Notification, { kind: 'error' }, t.expired) : null,
      signedOut ? h(Notification, { kind: 'success' }, m().staff.signedOut) : null,
      !expired && !signedOut && loc.query.get('next') && !session
        ? h(Notification, { kind: 'info' }, t.required)
        : null,
      h(PageHeading, { caption: m().staff.area }, t.title),
      h('p', { class: 'body' }, t.intro),
      session
        ? [
            h('p', { class: 'body', key: 'a' }, t.already(session.claims.name)),
            h('p', { class: 'body', key: 'l' }, h('a', { href: next }, t.toInbox)),
          ]
        : null,
      h(
        Inset,
        null,
        h('p', { class: 'body' }, t.cognito),
        local ? null : h('p', { class: 'body' }, t.cognitoPending),
      ),
      local
        ? h(
            'section',
            { class: 'section', 'aria-labelledby': 'local-login-title' },
            h('h2', { class: 'heading-m', id: 'local-login-title' }, t.localTitle),
            h('p', { class: 'body' }, t.localNote),
            h(
              'form',
              { noValidate: true, onSubmit: submit },
              users.length
                ? h(Radios, {
                    path: 'login.username',
                    legend: t.chooseUser,
                    value: username,
                    error: fe['login.username'],
                    options: users.map((u) => ({
                      value: u.username,
                      label: u.name,
                      hint: [u.username, u.role ? m().staff.roles[u.role] : '', u.departmentId ?? '']
                        .filter(Boolean)
                        .join(' · '),
                    })),
                    onChange: setUsername,
                  })
                : h(TextInput, {
                    path: 'login.username',
                    label: t.username,
                    hint: t.usernameHint,
                    value: username,
                    error: fe['login.username'],
                    autoComplete: 'username',
                    spellcheck: false,
                    width: '20',
                    onInput: setUsername,
                  }),
              h(Button, { busy }, t.submit),
            ),
          )
        : null,
    ),
  );
}
