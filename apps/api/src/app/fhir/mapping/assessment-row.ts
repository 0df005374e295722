import type { InstrumentId } from '@huddle/shared-types';

/** An `assessment` row as the FHIR queries select it (QuestionnaireResponse and Observation). */
export interface AssessmentRow {
  id: string;
  patient_id: string;
  instrument: InstrumentId;
  /** `YYYY-MM-DD` */
  administered_on: string;
  answers: Record<string, number | null>;
  total: number | null;
  complete: boolean;
  created_at: Date | string;
}
