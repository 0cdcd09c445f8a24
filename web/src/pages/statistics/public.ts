import { h } from 'preact';
import { WEB_ROUTES } from '../../../../shared/contracts/web-routes.ts';
import { statsMessages } from '../../i18n/statistics.ts';
import { request } from '../../lib/api.ts';
import type { Location } from '../../lib/router.ts';
import { Notification, PageHeading, Spinner, useTitle } from '../../ui/components.ts';
import {
  DepartmentChart,
  FigureTables,
  HeadlineFigures,
  queryOf,
  StatisticsFilters,
  type StatsQuery,
  type StatsView,
  searchOf,
  TrendChart,
  UpdateNotice,
  useLiveStatistics,
  useNames,
  VolumeChart,
} from './view.ts';

/**
 * /thong-ke — the centre's published figures, no login (Decree 61 art. 31; DOMAIN.md "Citizen
 * evaluation and public statistics"): per department and procedure, received, resolved early / on
 * time / late, in progress, overdue, the on-time rate, the online share and satisfaction. Live:
 * read again every minute. Every chart has its numbers in a table.
 */
export const PUBLIC_STATISTICS_PATH = WEB_ROUTES.statistics;

const loadPublic = (q: StatsQuery) => {
  const s = searchOf(q);
  return request<StatsView>('GET', `/statistics${s ? `?${s}` : ''}`);
};

export function StatisticsPage({ loc }: { loc: Location }) {
  const t = statsMessages();
  const query = queryOf(loc);
  const names = useNames();
  const { view, error, loaded } = useLiveStatistics(loadPublic, query);
  useTitle(t.title);
  return h(
    'div',
    { class: 'stats' },
    h(PageHeading, null, t.title),
    h('p', { class: 'lead' }, t.lead),
    !loaded ? h(Spinner, null) : null,
    loaded && !view && error ? h(Notification, { kind: 'error' }, t.loadFailed) : null,
    view
      ? [
          h(StatisticsFilters, { key: 'f', basePath: PUBLIC_STATISTICS_PATH, query, view, names }),
          h(UpdateNotice, { key: 'u', view, error }),
          h(HeadlineFigures, { key: 'h', totals: view.totals }),
          view.totals.received || view.totals.resolved || view.totals.inProgress
            ? null
            : h('p', { key: 'e', class: 'body' }, t.empty),
          h(
            'div',
            { key: 'c', class: 'stats-charts' },
            h(DepartmentChart, { view, names }),
            h(TrendChart, { view, names }),
            h(VolumeChart, { view }),
          ),
          h(FigureTables, { key: 't', view, names }),
        ]
      : null,
  );
}
