import type { FhirResource } from './mapping/fhir-resource';

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

export interface OperationOutcome extends FhirResource {
  resourceType: 'OperationOutcome';
  issue: Array<{ severity: IssueSeverity; code: string; diagnostics?: string; expression?: string[] }>;
}

/** An OperationOutcome with one issue. */
export function operationOutcome(
  severity: IssueSeverity,
  code: string,
  diagnostics: string,
  expression?: string,
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code, diagnostics, ...(expression ? { expression: [expression] } : {}) }],
  };
}
