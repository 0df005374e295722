/** The value, or a failed test naming what was missing (instead of a non-null assertion). */
export function present<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what} to be present`);
  return value;
}

/** The first element matching `selector` under `root`; fails the test when there is none. */
export function query<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  return present(root.querySelector<E>(selector), `an element matching "${selector}"`);
}
