import { conditionId } from './condition.mapper';
import {
  instant,
  patientReference,
  type CodeableConcept,
  type FhirResource,
  type Meta,
  type Period,
  type Reference,
} from './fhir-resource';

/** A `relapse_prevention_plan` row with its episode's columns, as the FHIR queries select it. */
export interface CarePlanRow {
  episode_id: string;
  patient_id: string;
  warning_signs: string;
  coping_strategies: string;
  supports: string;
  maintenance_treatment: string;
  maintenance_duration: string;
  monitoring_plan: string;
  if_symptoms_return: string;
  episode_status: string;
  relapse_prevention_on: string | null;
  discharged_on: string | null;
  diagnoses: string[];
  created_at: Date | string;
  updated_at: Date | string;
}

export interface FhirCarePlan extends FhirResource {
  resourceType: 'CarePlan';
  id: string;
  meta: Meta;
  status: 'active' | 'completed';
  intent: 'plan';
  category: CodeableConcept[];
  title: string;
  subject: Reference;
  period: Period;
  created: string;
  addresses?: Reference[];
  note: Array<{ text: string }>;
}

/** The plan's sections in the order the dashboard shows them. */
const SECTIONS: ReadonlyArray<[keyof CarePlanRow, string]> = [
  ['warning_signs', 'Warning signs'],
  ['coping_strategies', 'Coping strategies'],
  ['supports', 'Supports'],
  ['maintenance_treatment', 'Maintenance treatment'],
  ['maintenance_duration', 'Maintenance duration'],
  ['monitoring_plan', 'Monitoring plan'],
  ['if_symptoms_return', 'If symptoms return'],
];

/**
 * CarePlan for an episode's relapse-prevention plan (id = the episode's id): active while the
 * episode is open, completed after discharge; each section of the plan is a note.
 */
export function toFhirCarePlan(row: CarePlanRow): FhirCarePlan {
  const start = row.relapse_prevention_on ?? instant(row.created_at).slice(0, 10);
  return {
    resourceType: 'CarePlan',
    id: row.episode_id,
    meta: { lastUpdated: instant(row.updated_at) },
    status: row.episode_status === 'discharged' ? 'completed' : 'active',
    intent: 'plan',
    category: [{ text: 'Relapse prevention plan' }],
    title: 'Relapse prevention plan',
    subject: patientReference(row.patient_id),
    period: { start, ...(row.discharged_on && row.discharged_on >= start ? { end: row.discharged_on } : {}) },
    created: instant(row.created_at),
    ...(row.diagnoses.length > 0
      ? { addresses: row.diagnoses.map((code) => ({ reference: `Condition/${conditionId(row.episode_id, code)}` })) }
      : {}),
    note: SECTIONS.map(([key, label]) => ({ text: `${label}: ${String(row[key])}` })),
  };
}
