import type { ParamMap } from '@angular/router';

/** Raw query parameters (from `ActivatedRoute.snapshot.queryParams` or a `ParamMap`). */
export type QueryParamsLike = Readonly<Record<string, string | readonly string[] | null | undefined>>;

/** Page sizes offered by the paged lists (the API allows up to 100). */
export const PAGE_SIZES = [25, 50, 100] as const;

/** A `ParamMap` as plain query parameters. */
export function paramsOf(map: ParamMap): QueryParamsLike {
  return Object.fromEntries(map.keys.map((k) => [k, map.getAll(k)]));
}

/** The first value of a query parameter, or `null`. */
export function firstParam(params: QueryParamsLike, key: string): string | null {
  const value = params[key];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : null;
}

/** A whole number ≥ 1 of at most six digits, or `null`. */
export function positiveIntParam(value: string | null): number | null {
  if (value === null || !/^\d{1,6}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** A page size from the URL, when it is one of {@link PAGE_SIZES}. */
export function pageSizeParam(params: QueryParamsLike): number | null {
  const size = positiveIntParam(firstParam(params, 'size'));
  return size !== null && (PAGE_SIZES as readonly number[]).includes(size) ? size : null;
}
