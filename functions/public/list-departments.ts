import { listDepartments } from '#adapters/catalogue-repository.ts';
import { httpHandler, json } from '#http/handler.ts';

/** GET /departments — the province's departments (sở, ban, ngành) with their contact mailbox. */
export const handler = httpHandler({}, async () => {
  const departments = await listDepartments();
  return json(
    200,
    { items: departments.map(({ id, name, nameEn, email }) => ({ id, name, nameEn, email })) },
    { 'cache-control': 'public, max-age=300' },
  );
});
