import type { FhirResource } from './mapping/fhir-resource';
import { RESOURCE_QUERIES, PATIENT_SCOPED_TYPES } from './resource-queries';

interface SearchParam {
  name: string;
  type: 'token' | 'reference' | 'date' | 'uri' | 'string' | 'number';
  documentation?: string;
}

const COMMON: SearchParam[] = [
  { name: '_id', type: 'token' },
  {
    name: '_lastUpdated',
    type: 'date',
    documentation: 'A date is a calendar day of the clinic; a dateTime an instant.',
  },
  {
    name: '_count',
    type: 'number',
    documentation: 'Page size, 1–1000 (default 50). Pages follow the Bundle `next` link.',
  },
];

/** Types of the search parameters the resource queries accept (resource-queries.ts). */
const PARAM_TYPES: Record<string, SearchParam['type']> = {
  _id: 'token',
  identifier: 'token',
  birthdate: 'date',
  patient: 'reference',
  subject: 'reference',
  status: 'token',
  date: 'date',
  code: 'token',
  'clinical-status': 'token',
  authored: 'date',
  questionnaire: 'reference',
  category: 'token',
};

export interface CapabilityStatement extends FhirResource {
  resourceType: 'CapabilityStatement';
}

/**
 * What this server really does (issue #15): read and search-type of each resource with the search
 * parameters resource-queries.ts implements, and Group-level bulk export. `GET /fhir/R4/metadata`
 * is public, as FHIR expects (https://hl7.org/fhir/R4/http.html#capabilities); it holds no data.
 */
export function capabilityStatement(base: string, version: string): CapabilityStatement {
  const patientScoped = PATIENT_SCOPED_TYPES.map((type) => ({
    type,
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    searchParam: [
      ...COMMON,
      ...Object.keys(RESOURCE_QUERIES[type].params)
        .filter((name) => name !== '_id')
        .map((name): SearchParam => ({ name, type: PARAM_TYPES[name] ?? 'token' })),
    ],
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-12-01',
    publisher: 'Huddle',
    kind: 'instance',
    software: { name: 'Huddle', version },
    implementation: { description: 'Huddle collaborative-care registry FHIR R4 API', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Authenticate with the Bearer access token of /api/auth/login or single sign-on. Data is limited to the ' +
          "caller's clinic and caseload (ids outside it answer 404); every read, search and export is audited.",
        security: { cors: false, description: 'Bearer access token (Authorization header).' },
        resource: [
          ...patientScoped,
          {
            type: 'Questionnaire',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              { name: '_id', type: 'token' },
              { name: '_count', type: 'number' },
              { name: 'code', type: 'token' },
              { name: 'url', type: 'uri' },
            ],
          },
          {
            type: 'Group',
            documentation: 'A clinic is a Group (id = the clinic id) for bulk export only.',
            operation: [
              { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export' },
            ],
          },
        ],
      },
    ],
  } as CapabilityStatement;
}
