import type { ImportProblem } from './fhir-values';

/** A FHIR resource as JSON. */
export type FhirResource = Record<string, unknown>;

/** The outcome of one Bundle entry. */
export interface EntryResult {
  status: string;
  location?: string;
  problem?: ImportProblem;
}

/**
 * An OperationOutcome naming each problem's element (`expression`), as FHIR servers answer errors
 * (issue codes: `invalid`, `not-found`). The integrator may unify it with the read side's helper.
 */
export function operationOutcome(problems: readonly ImportProblem[]): FhirResource {
  return {
    resourceType: 'OperationOutcome',
    issue: problems.map((problem) => ({
      severity: 'error',
      code: problem.status === 404 ? 'not-found' : 'invalid',
      diagnostics: problem.message,
      expression: [problem.expression],
    })),
  };
}

/** A `batch-response` / `transaction-response` Bundle, one entry per request entry, in order. */
export function bundleResponse(
  type: 'batch' | 'transaction',
  count: number,
  results: ReadonlyMap<number, EntryResult>,
): FhirResource {
  return {
    resourceType: 'Bundle',
    type: `${type}-response`,
    entry: Array.from({ length: count }, (_, index) => {
      const result = results.get(index) ?? { status: '400 Bad Request' };
      return {
        response: {
          status: result.status,
          ...(result.location ? { location: result.location } : {}),
          ...(result.problem ? { outcome: operationOutcome([result.problem]) } : {}),
        },
      };
    }),
  };
}
