/**
 * Errors of the FHIR API, answered as OperationOutcome by {@link OperationOutcomeFilter}. `expression`
 * names the search parameter or element at fault (FHIRPath-style, e.g. `date`, `_count`).
 */
export class FhirError extends Error {
  constructor(
    readonly status: 400 | 404 | 406 | 410 | 415 | 422,
    readonly issueCode: 'invalid' | 'not-found' | 'not-supported' | 'deleted' | 'processing' | 'value',
    message: string,
    readonly expression?: string,
  ) {
    super(message);
    this.name = 'FhirError';
  }
}

/** 400 for a search or request parameter, naming it. */
export function invalidParameter(name: string, message: string): FhirError {
  return new FhirError(400, 'invalid', `${name}: ${message}`, name);
}

/** 404 for an unknown id or one outside the caller's scope (never revealed which). */
export function resourceNotFound(type: string, id: string): FhirError {
  return new FhirError(404, 'not-found', `${type}/${id} not found`);
}
