import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentLang, m } from '../../i18n/index.ts';
import { ApiError, request } from '../../lib/api.ts';
import { type DepartmentSummary, departmentName, getDepartments } from '../../lib/catalogue.ts';
import { cognitoSignIn, type LocalStaffUser, localAuthEnabled, localStaffUsers } from '../../lib/config.ts';
import { type Location, navigate } from '../../lib/router.ts';
import { LOGIN_PATH, staffProblemText } from '../../lib/staff-api.ts';
import {
  beginHostedSignIn,
  completeHostedSignIn,
  currentSession,
  isHostedCallback,
  safeNext,
  signIn,
} from '../../lib/staff-session.ts';
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
 * In AWS (config.json `cognitoDomain`, `cognitoClientId`, written by the deployment) the button
 * goes to the Cognito hosted UI — authorization code with PKCE — which comes back to this page with
 * the code; the page exchanges it (lib/staff-session.ts) and goes on to where the user was going.
 */
export function StaffLoginPage({ loc }: { loc: Location }) {
  const t = m().staff.login;
  const local = localAuthEnabled();
  const hosted = local ? undefined : cognitoSignIn();
  const callback = hosted !== undefined && isHostedCallback(loc.query);
  const [hostedFailed, setHostedFailed] = useState<string | undefined>(undefined);
  // Locally, when config.json lists the demo accounts (`npm start`): the accounts the local stack
  // signs in now (an administrator may have added or disabled one since config.json was written).
  const [users, setUsers] = useState<LocalStaffUser[]>(localStaffUsers);
  // Each account's department by its name, as a person reads it (the id only until the list loads).
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [username, setUsername] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const session = currentSession();
  const next = safeNext(loc.query.get('next'));
  const expired = loc.query.get('expired') === '1';
  const signedOut = loc.query.get('signed-out') === '1';
  useTitle(t.title, errors.length > 0 || hostedFailed !== undefined);

  useEffect(() => {
    if (!local || users.length === 0) return;
    void getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
    void request<{ items: LocalStaffUser[] }>('GET', '/_local/auth/users', { attempts: 1 })
      .then((r) => {
        if (Array.isArray(r.items) && r.items.length) setUsers(r.items);
      })
      .catch(() => undefined);
  }, []);

  // Back from the hosted UI: finish the sign-in once, then go where the user was going.
  useEffect(() => {
    if (!hosted || !callback) return;
    void completeHostedSignIn(hosted, loc.query).then((r) => {
      if (r.ok) navigate(r.next, { replace: true });
      else {
        setHostedFailed(r.reason === 'denied' ? t.hostedDenied : t.hostedFailed);
        navigate(LOGIN_PATH, { replace: true });
      }
    });
  }, []);

  async function startHosted() {
    if (!hosted || busy) return;
    setBusy(true);
    const url = await beginHostedSignIn(hosted, `${window.location.origin}${LOGIN_PATH}`, next);
    window.location.assign(url);
  }

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
        local || hosted ? null : h('p', { class: 'body' }, t.cognitoPending),
      ),
      hostedFailed ? h(Notification, { kind: 'error' }, hostedFailed) : null,
      hosted && callback && !hostedFailed
        ? h('p', { class: 'body', role: 'status' }, t.hostedFinishing)
        : null,
      hosted && !session && !(callback && !hostedFailed)
        ? h(
            Button,
            { type: 'button', busy, id: 'hosted-sign-in', onClick: () => void startHosted() },
            t.hostedSubmit,
          )
        : null,
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
                      hint: [
                        u.username,
                        u.role ? m().staff.roles[u.role] : '',
                        u.departmentId ? departmentName(departments, u.departmentId, currentLang()) : '',
                      ]
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
