import { type ComponentType, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  matchWebRoute,
  WEB_ROUTES,
  type WebRouteName,
  webRedirect,
} from '../../shared/contracts/web-routes.ts';
import { currentLang, type Lang, m, setLang } from './i18n/index.ts';
import { getProcedure } from './lib/catalogue.ts';
import { currentLocation, type Location, navigate, onNavigate } from './lib/router.ts';
import { ApplyPage } from './pages/apply.ts';
import { HomePage } from './pages/home.ts';
import { NotFoundPage } from './pages/not-found.ts';
import { ProcedurePage } from './pages/procedure.ts';

/**
 * The application shell (GOV.UK layout): skip link, header with the language switch, one main
 * region, footer. The submission path (search, procedure, form) is in the first bundle; the
 * receipt and the look-up pages load on demand.
 */
type LazyPage = ComponentType<{ params: Record<string, string>; loc: Location }>;

const lazyPages: Record<
  Exclude<WebRouteName, 'home' | 'procedures' | 'procedure' | 'apply' | 'staffHome'> | 'staffNav',
  () => Promise<LazyPage>
> = {
  receipt: () => import('./pages/receipt.ts').then((mod) => mod.ReceiptPage),
  lookup: () => import('./pages/lookup.ts').then((mod) => mod.LookupPage),
  paymentReturn: () => import('./pages/payment-return.ts').then((mod) => mod.PaymentReturnPage),
  verify: () => import('./pages/verify.ts').then((mod) => mod.VerifyPage),
  // The staff workspace (/can-bo/…): never in the citizens' bundle.
  staffLogin: () => import('./pages/staff/login.ts').then((mod) => mod.StaffLoginPage),
  staffInbox: () => import('./pages/staff/inbox.ts').then((mod) => mod.StaffInboxPage),
  staffDossier: () => import('./pages/staff/dossier.ts').then((mod) => mod.StaffDossierPage),
  staffNotifications: () =>
    import('./pages/staff/notifications.ts').then((mod) => mod.StaffNotificationsPage),
  staffNav: () => import('./pages/staff/nav.ts').then((mod) => mod.StaffNav),
  // Statistics (issue 7): the public figures and the leadership dashboard, each its own chunk.
  statistics: () => import('./pages/statistics/public.ts').then((mod) => mod.StatisticsPage),
  staffDashboard: () => import('./pages/staff/dashboard.ts').then((mod) => mod.StaffDashboardPage),
  // The counter queue (issue 9): kiosk, ticket, hall display, rating tablet, the officer's counter.
  queueKiosk: () => import('./pages/queue/kiosk.ts').then((mod) => mod.QueueKioskPage),
  queueTicket: () => import('./pages/queue/ticket.ts').then((mod) => mod.QueueTicketPage),
  queueDisplay: () => import('./pages/queue/display.ts').then((mod) => mod.QueueDisplayPage),
  queueRating: () => import('./pages/queue/rating.ts').then((mod) => mod.CounterRatingPage),
  staffCounters: () => import('./pages/queue/counter.ts').then((mod) => mod.StaffCounterChooserPage),
  staffCounter: () => import('./pages/queue/counter.ts').then((mod) => mod.StaffCounterPage),
  staffWalkIn: () => import('./pages/staff/walk-in.ts').then((mod) => mod.StaffWalkInPage),
  // Administration (issue 7, items 5–6): procedure versions, calendar, staff accounts, audit.
  adminHome: () => import('./pages/admin/index.ts').then((mod) => mod.AdminHomePage),
  adminProcedures: () => import('./pages/admin/procedures.ts').then((mod) => mod.AdminProceduresPage),
  adminVersions: () => import('./pages/admin/procedures.ts').then((mod) => mod.AdminProcedureVersionsPage),
  adminDepartments: () => import('./pages/admin/departments.ts').then((mod) => mod.AdminDepartmentsPage),
  adminDepartment: () => import('./pages/admin/departments.ts').then((mod) => mod.AdminDepartmentEditPage),
  adminCalendar: () => import('./pages/admin/calendar.ts').then((mod) => mod.AdminCalendarPage),
  adminUsers: () => import('./pages/admin/users.ts').then((mod) => mod.AdminUsersPage),
  adminAudit: () => import('./pages/admin/audit.ts').then((mod) => mod.AdminAuditMonthPage),
  adminTrail: () => import('./pages/admin/audit.ts').then((mod) => mod.AdminUserTrailPage),
};

/**
 * Starts loading what the page of `path` needs first: its chunk when it loads on demand, the
 * procedure when the page shows one. Called once before the first render, so these travel while
 * the entry renders (not after its first paint, when the page's effects would ask).
 */
export function preloadPage(path: string): void {
  const found = matchWebRoute(path);
  if (!found) return;
  const { name, params } = found;
  if (name in lazyPages) void lazyPages[name as keyof typeof lazyPages]().catch(() => undefined);
  if ((name === 'procedure' || name === 'apply') && params.code)
    void getProcedure(params.code).catch(() => undefined);
}

/** An alias of a page (an old printed link): the address is replaced, the page follows. */
export function Redirect({ to }: { to: string }) {
  // After this render's effects: the shell subscribes to navigations in its own effect, which runs
  // after its children's (a first load straight onto an alias would otherwise go unheard).
  useEffect(() => {
    const timer = setTimeout(() => navigate(to, { replace: true }), 0);
    return () => clearTimeout(timer);
  }, [to]);
  return h('p', { class: 'body', role: 'status' }, m().common.loading);
}

function Lazy({
  name,
  params,
  loc,
  quiet,
}: {
  name: keyof typeof lazyPages;
  params: Record<string, string>;
  loc: Location;
  /** Nothing while loading or on failure (the header's staff navigation). */
  quiet?: boolean;
}) {
  const [Page, setPage] = useState<LazyPage | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    lazyPages[name]!()
      .then((p) => live && setPage(() => p))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [name]);
  if (failed) return quiet ? null : h('p', { class: 'body', role: 'alert' }, m().errors.network);
  if (!Page) return quiet ? null : h('p', { class: 'body', role: 'status' }, m().common.loading);
  return h(Page, { params, loc });
}

/** The page for a location (exported for the link test: every WEB_ROUTES entry must land on a page). */
export function route(loc: Location) {
  const alias = webRedirect(loc.path, loc.query);
  if (alias) return h(Redirect, { to: alias });
  const found = matchWebRoute(loc.path);
  if (!found) return h(NotFoundPage, {});
  const { name, params } = found;
  switch (name) {
    case 'home':
    case 'procedures':
      return h(HomePage, { loc });
    case 'procedure':
      return h(ProcedurePage, { code: params.code!, key: params.code });
    case 'apply':
      return h(ApplyPage, { code: params.code!, step: params.step!, loc, key: params.code });
    default: {
      // The rest load on demand; the staff home is its inbox.
      const page = name === 'staffHome' ? 'staffInbox' : name;
      return h(Lazy, { name: page, params, loc, key: [page, ...Object.values(params)].join('-') });
    }
  }
}

export function App() {
  const [loc, setLoc] = useState<Location>(currentLocation());
  const [lang, setLangState] = useState<Lang>(currentLang());
  useEffect(
    () =>
      onNavigate((l) => {
        setLoc(l);
      }),
    [],
  );
  const c = m().common;
  const switchTo: Lang = lang === 'vi' ? 'en' : 'vi';
  const staffArea = loc.path === WEB_ROUTES.staffHome || loc.path.startsWith(`${WEB_ROUTES.staffHome}/`);
  return h(
    'div',
    { class: 'app' },
    h(
      'a',
      {
        href: '#main-content',
        class: 'skip-link',
        onClick: (e: MouseEvent) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        },
      },
      c.skipLink,
    ),
    h(
      'header',
      { class: 'header' },
      h(
        'div',
        { class: 'width-container header__inner' },
        h(
          'a',
          { href: staffArea ? WEB_ROUTES.staffInbox : WEB_ROUTES.home, class: 'header__service' },
          h('span', { class: 'header__logo', 'aria-hidden': 'true' }, '★'),
          h('span', null, c.serviceName),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'header__lang',
            lang: switchTo,
            'aria-label': c.switchLanguageLabel,
            onClick: () => {
              setLang(switchTo);
              setLangState(switchTo);
            },
          },
          c.switchLanguage,
        ),
      ),
      staffArea
        ? h(Lazy, { name: 'staffNav', params: {}, loc, quiet: true })
        : h(
            'nav',
            { class: 'width-container header__nav', 'aria-label': c.navLabel },
            h(
              'ul',
              null,
              h(
                'li',
                null,
                h(
                  'a',
                  {
                    href: WEB_ROUTES.home,
                    'aria-current': loc.path === WEB_ROUTES.home ? 'page' : undefined,
                  },
                  c.navFind,
                ),
              ),
              h(
                'li',
                null,
                h(
                  'a',
                  {
                    href: WEB_ROUTES.lookup,
                    'aria-current': loc.path === WEB_ROUTES.lookup ? 'page' : undefined,
                  },
                  c.navLookup,
                ),
              ),
            ),
          ),
    ),
    h(
      'div',
      { class: 'width-container' },
      h('main', { class: 'main', id: 'main-content', tabIndex: -1 }, route(loc)),
    ),
    h(
      'footer',
      { class: 'footer' },
      h(
        'div',
        { class: 'width-container' },
        h('p', null, c.footer),
        h('p', null, c.footerHelp),
        h('p', null, h('a', { href: WEB_ROUTES.statistics }, c.navStatistics)),
        h('p', null, h('a', { href: WEB_ROUTES.verify }, c.navVerify)),
      ),
    ),
  );
}
