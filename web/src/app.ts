import { type ComponentType, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { webRedirect } from '../../shared/contracts/web-routes.ts';
import { currentLang, type Lang, m, setLang } from './i18n/index.ts';
import { currentLocation, type Location, match, navigate, onNavigate } from './lib/router.ts';
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

const lazyPages: Record<string, () => Promise<LazyPage>> = {
  receipt: () => import('./pages/receipt.ts').then((mod) => mod.ReceiptPage),
  lookup: () => import('./pages/lookup.ts').then((mod) => mod.LookupPage),
  paymentReturn: () => import('./pages/payment-return.ts').then((mod) => mod.PaymentReturnPage),
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
  name: string;
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
  const p = loc.path;
  const alias = webRedirect(p, loc.query);
  if (alias) return h(Redirect, { to: alias });
  if (p === '/' || p === '/procedures') return h(HomePage, { loc });
  let params = match('/procedures/:code', p);
  if (params) return h(ProcedurePage, { code: params.code!, key: params.code });
  params = match('/apply/:code/:step', p);
  if (params) return h(ApplyPage, { code: params.code!, step: params.step!, loc, key: params.code });
  params = match('/receipt/:code', p);
  if (params) return h(Lazy, { name: 'receipt', params, loc });
  if (p === '/lookup') return h(Lazy, { name: 'lookup', params: {}, loc });
  if (p === '/payment/return') return h(Lazy, { name: 'paymentReturn', params: {}, loc });
  if (p === '/can-bo/dang-nhap') return h(Lazy, { name: 'staffLogin', params: {}, loc, key: 'staffLogin' });
  if (p === '/can-bo' || p === '/can-bo/ho-so')
    return h(Lazy, { name: 'staffInbox', params: {}, loc, key: 'staffInbox' });
  params = match('/can-bo/ho-so/:id', p);
  if (params) return h(Lazy, { name: 'staffDossier', params, loc, key: 'staffDossier' });
  if (p === '/can-bo/thong-bao')
    return h(Lazy, { name: 'staffNotifications', params: {}, loc, key: 'staffNotifications' });
  if (p === '/thong-ke') return h(Lazy, { name: 'statistics', params: {}, loc, key: 'statistics' });
  if (p === '/can-bo/thong-ke')
    return h(Lazy, { name: 'staffDashboard', params: {}, loc, key: 'staffDashboard' });
  if (p === '/xep-hang') return h(Lazy, { name: 'queueKiosk', params: {}, loc, key: 'queueKiosk' });
  params = match('/xep-hang/ve/:ticketId', p);
  if (params) return h(Lazy, { name: 'queueTicket', params, loc, key: `queueTicket-${params.ticketId}` });
  if (p === '/man-hinh-quay') return h(Lazy, { name: 'queueDisplay', params: {}, loc, key: 'queueDisplay' });
  params = match('/quay/:counterId/danh-gia', p);
  if (params) return h(Lazy, { name: 'queueRating', params, loc, key: `queueRating-${params.counterId}` });
  if (p === '/can-bo/quay') return h(Lazy, { name: 'staffCounters', params: {}, loc, key: 'staffCounters' });
  params = match('/can-bo/quay/:counterId', p);
  if (params) return h(Lazy, { name: 'staffCounter', params, loc, key: `staffCounter-${params.counterId}` });
  if (p === '/can-bo/tiep-nhan') return h(Lazy, { name: 'staffWalkIn', params: {}, loc, key: 'staffWalkIn' });
  if (p === '/can-bo/quan-tri') return h(Lazy, { name: 'adminHome', params: {}, loc, key: 'adminHome' });
  if (p === '/can-bo/quan-tri/thu-tuc')
    return h(Lazy, { name: 'adminProcedures', params: {}, loc, key: 'adminProcedures' });
  params = match('/can-bo/quan-tri/thu-tuc/:code', p);
  if (params) return h(Lazy, { name: 'adminVersions', params, loc, key: `adminVersions-${params.code}` });
  if (p === '/can-bo/quan-tri/co-quan')
    return h(Lazy, { name: 'adminDepartments', params: {}, loc, key: 'adminDepartments' });
  params = match('/can-bo/quan-tri/co-quan/:id', p);
  if (params) return h(Lazy, { name: 'adminDepartment', params, loc, key: `adminDepartment-${params.id}` });
  if (p === '/can-bo/quan-tri/lich')
    return h(Lazy, { name: 'adminCalendar', params: {}, loc, key: 'adminCalendar' });
  if (p === '/can-bo/quan-tri/can-bo')
    return h(Lazy, { name: 'adminUsers', params: {}, loc, key: 'adminUsers' });
  if (p === '/can-bo/quan-tri/nhat-ky')
    return h(Lazy, { name: 'adminAudit', params: {}, loc, key: 'adminAudit' });
  params = match('/can-bo/quan-tri/nhat-ky/:userId', p);
  if (params) return h(Lazy, { name: 'adminTrail', params, loc, key: `adminTrail-${params.userId}` });
  return h(NotFoundPage, {});
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
  const staffArea = loc.path === '/can-bo' || loc.path.startsWith('/can-bo/');
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
          { href: staffArea ? '/can-bo/ho-so' : '/', class: 'header__service' },
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
                h('a', { href: '/', 'aria-current': loc.path === '/' ? 'page' : undefined }, c.navFind),
              ),
              h(
                'li',
                null,
                h(
                  'a',
                  { href: '/lookup', 'aria-current': loc.path === '/lookup' ? 'page' : undefined },
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
        h('p', null, h('a', { href: '/thong-ke' }, c.navStatistics)),
      ),
    ),
  );
}
