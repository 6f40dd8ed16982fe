import type { SelectQueryBuilder } from 'kysely';

/**
 * One page of a list and how many the whole list holds, from one filtered query: `rows` selects, orders and
 * windows it; the total counts the same conditions. The repositories' paged lists all read this way.
 */
export async function pageWithTotal<DB, TB extends keyof DB, T>(
  q: SelectQueryBuilder<DB, TB, object>,
  rows: (q: SelectQueryBuilder<DB, TB, object>) => Promise<T[]>,
): Promise<{ items: T[]; total: number }> {
  const counted = (q as unknown as SelectQueryBuilder<any, any, object>)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow() as Promise<{ n: number | string }>;
  const [items, total] = await Promise.all([rows(q), counted]);
  return { items, total: Number(total.n) };
}
