/**
 * The web app's page routes, in one table: the single-page app (web/src/app.ts) serves exactly
 * these paths, and every link the system writes for a person — emails, the QR code and printed
 * link on the forms, the web pages themselves — is built here from the same table, so a link can
 * only point at a page that exists (tests/unit/links.test.ts renders every template to check).
 *
 * One scheme: the citizen's pages keep the English paths the app has always served (`/lookup`,
 * `/procedures/…`, `/apply/…`, `/receipt/…`); the staff workspace and the centre's hall screens keep
 * their Vietnamese paths. The Vietnamese citizen aliases printed on earlier receipts (`/tra-cuu`,
 * `/tra-cuu?ma=<code>`, `/thu-tuc/<code>`) redirect to the canonical page (WEB_REDIRECTS).
 */
export const WEB_ROUTES = {
  home: '/',
  procedures: '/procedures',
  procedure: '/procedures/:code',
  apply: '/apply/:code/:step',
  receipt: '/receipt/:code',
  lookup: '/lookup',
  /** Anyone checks that a result or form is the one the agency issued (upload, or code and secret). */
  verify: '/verify',
  statistics: '/thong-ke',
  staffLogin: '/can-bo/dang-nhap',
  staffHome: '/can-bo',
  staffInbox: '/can-bo/ho-so',
  staffDossier: '/can-bo/ho-so/:id',
  staffNotifications: '/can-bo/thong-bao',
  staffDashboard: '/can-bo/thong-ke',
  queueKiosk: '/xep-hang',
  queueTicket: '/xep-hang/ve/:ticketId',
  queueDisplay: '/man-hinh-quay',
  queueRating: '/quay/:counterId/danh-gia',
  staffCounters: '/can-bo/quay',
  staffCounter: '/can-bo/quay/:counterId',
  staffWalkIn: '/can-bo/tiep-nhan',
  adminHome: '/can-bo/quan-tri',
  adminProcedures: '/can-bo/quan-tri/thu-tuc',
  adminVersions: '/can-bo/quan-tri/thu-tuc/:code',
  adminDepartments: '/can-bo/quan-tri/co-quan',
  adminDepartment: '/can-bo/quan-tri/co-quan/:id',
  adminCalendar: '/can-bo/quan-tri/lich',
  adminUsers: '/can-bo/quan-tri/can-bo',
  adminAudit: '/can-bo/quan-tri/nhat-ky',
  adminTrail: '/can-bo/quan-tri/nhat-ky/:userId',
} as const;

export type WebRouteName = keyof typeof WEB_ROUTES;

/** Matches `/apply/:code/:step` against a path; returns the parameters or undefined. */
export function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) {
      if (!s[i]) return undefined;
      out[seg.slice(1)] = s[i]!;
    } else if (seg !== s[i]) return undefined;
  }
  return out;
}

/** The route a path (no query, no fragment, no trailing slash) belongs to, with its parameters. */
export function matchWebRoute(
  path: string,
): { name: WebRouteName; params: Record<string, string> } | undefined {
  for (const [name, pattern] of Object.entries(WEB_ROUTES) as [WebRouteName, string][]) {
    const params = matchPattern(pattern, path);
    if (params) return { name, params };
  }
  return undefined;
}

/**
 * Old or alternative paths the app answers by replacing the address with the canonical page.
 * `/tra-cuu?ma=<code>` is what receipts and emails carried before the look-up page settled on
 * `/lookup#code=<code>` (the fragment never reaches a server or its logs).
 */
const WEB_REDIRECTS: {
  from: string;
  to: (params: Record<string, string>, query: URLSearchParams) => string;
}[] = [
  {
    from: '/tra-cuu',
    to: (_p, q) => {
      const code = q.get('ma') ?? q.get('code');
      return code ? lookupPath(code) : WEB_ROUTES.lookup;
    },
  },
  { from: '/thu-tuc', to: () => WEB_ROUTES.procedures },
  { from: '/thu-tuc/:code', to: (p) => webPath('procedure', { code: p.code! }) },
];

/** Where a redirecting path leads, or undefined when the path is not an alias. */
export function webRedirect(path: string, query: URLSearchParams): string | undefined {
  for (const r of WEB_REDIRECTS) {
    const params = matchPattern(r.from, path);
    if (params) return r.to(params, query);
  }
  return undefined;
}

/** A page's path from its route name and parameters (each parameter URL-encoded). */
export function webPath(name: WebRouteName, params: Record<string, string> = {}): string {
  return WEB_ROUTES[name].replace(/:([A-Za-z]+)/g, (_m, key: string) => {
    const v = params[key];
    if (v === undefined) throw new RangeError(`web route ${name} needs ${key}`);
    return encodeURIComponent(v);
  });
}

/**
 * The look-up page for one dossier: the code (and, only on the citizen's own screen, the secret)
 * travel in the fragment, which browsers never send to a server. Emails and printed forms carry the
 * code only: the secret is never written anywhere but the receipt the citizen was shown once.
 */
export function lookupPath(code: string, secret?: string): string {
  const hash = new URLSearchParams({ code, ...(secret ? { secret } : {}) });
  return `${WEB_ROUTES.lookup}#${hash}`;
}

const absolute = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

/** Every absolute link the system writes for a person, from the public web address. */
export const webLinks = {
  lookup: (base: string, code: string) => absolute(base, lookupPath(code)),
  verify: (base: string) => absolute(base, webPath('verify')),
  staffDossier: (base: string, dossierId: string) =>
    absolute(base, webPath('staffDossier', { id: dossierId })),
};
