import type { FhirResource } from './mapping/fhir-resource';

export interface Bundle extends FhirResource {
  resourceType: 'Bundle';
  type: 'searchset';
  total: number;
  link: Array<{ relation: 'self' | 'next'; url: string }>;
  entry: Array<{ fullUrl: string; resource: FhirResource; search: { mode: 'match' } }>;
}

/** A searchset Bundle: entries with their full URLs, the total, and `self`/`next` links. */
export function searchset(
  base: string,
  resources: readonly FhirResource[],
  total: number,
  self: string,
  next: string | null,
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: [{ relation: 'self', url: self }, ...(next ? [{ relation: 'next' as const, url: next }] : [])],
    entry: resources.map((resource) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}
