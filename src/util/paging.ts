import { z } from 'zod';
import { qInt } from './validation.ts';

/** The most items one page of any list may hold, whatever is asked. */
export const MAX_PAGE_SIZE = 500;
const MAX_PAGE = 1_000_000;

/**
 * The `page` (from 1) and `pageSize` (1–500) query parameters of every list: spread into a route's query schema,
 * so a value out of range is a 400 naming the parameter.
 */
export const pagingQuery = {
  page: qInt('page', 1, MAX_PAGE),
  pageSize: qInt('pageSize', 1, MAX_PAGE_SIZE),
};

/** Only the paging parameters (for lists without filters of their own). */
export const pagingOnly = z.object({ ...pagingQuery, lang: z.string().optional() });

export type Paging = { page: number; pageSize: number; offset: number };

/** The page asked for, with the list's default size. */
export function paging(
  q: { page?: number | undefined; pageSize?: number | undefined },
  defaultSize: number,
): Paging {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? defaultSize;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * The path of the next page: the request's own path and query (so the same filters) with `page` one on, or null
 * on the last page.
 */
export function nextPage(url: string, p: Paging, total: number): string | null {
  if (p.page * p.pageSize >= total) return null;
  const u = new URL(url, 'http://localhost');
  u.searchParams.set('page', String(p.page + 1));
  return `${u.pathname}${u.search}`;
}

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number; next: string | null };

/** The answer of every paged list: the page's items, how many there are in all, and where the next page is. */
export function pageOf<T>(url: string, p: Paging, items: T[], total: number): Page<T> {
  return { items, total, page: p.page, pageSize: p.pageSize, next: nextPage(url, p, total) };
}
