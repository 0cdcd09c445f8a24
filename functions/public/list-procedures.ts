import { listProcedures } from '#adapters/catalogue-repository.ts';
import { ListProceduresQuery } from '#contracts/catalogue.ts';
import { searchProcedures, summarise } from '#domain/catalogue.ts';
import { httpHandler, json } from '#http/handler.ts';

/** GET /procedures?q=&department=&field= — search matches with or without diacritics. */
export const handler = httpHandler({ query: ListProceduresQuery }, async ({ query }) => {
  const { items, match } = searchProcedures(await listProcedures(), query);
  return json(
    200,
    {
      items: items.slice(query.offset, query.offset + query.limit).map(summarise),
      total: items.length,
      match,
      limit: query.limit,
      offset: query.offset,
    },
    { 'cache-control': 'public, max-age=60' },
  );
});
