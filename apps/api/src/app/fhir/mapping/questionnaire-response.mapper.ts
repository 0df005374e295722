import { getInstrument } from '@huddle/scoring';
import type { AssessmentRow } from './assessment-row';
import { instant, patientReference, type Coding, type FhirResource, type Meta, type Reference } from './fhir-resource';
import { questionnaireUrl } from './identifiers';
import { answerCoding, itemLinkId, questionnaireId, totalLinkId } from './questionnaire.mapper';

interface ResponseItem {
  linkId: string;
  text: string;
  answer: Array<{ valueCoding: Coding } | { valueInteger: number }>;
}

export interface FhirQuestionnaireResponse extends FhirResource {
  resourceType: 'QuestionnaireResponse';
  id: string;
  meta: Meta;
  questionnaire: string;
  status: 'completed' | 'in-progress';
  subject: Reference;
  authored: string;
  item: ResponseItem[];
}

/**
 * QuestionnaireResponse of an assessment: each answered item with its answer as a Coding (LOINC
 * answer code where known) and the total (when complete) as its own item, linkIds as in
 * {@link toFhirQuestionnaire}. Unanswered items are left out; an incomplete one is `in-progress`.
 */
export function toFhirQuestionnaireResponse(row: AssessmentRow): FhirQuestionnaireResponse {
  const definition = getInstrument(row.instrument);
  const items: ResponseItem[] = [];
  for (const item of definition.items) {
    const value = row.answers[item.id];
    if (value === null || value === undefined) continue;
    items.push({
      linkId: itemLinkId(item),
      text: item.text,
      answer: [{ valueCoding: answerCoding(definition, item, value) }],
    });
  }
  if (row.total !== null) {
    items.push({
      linkId: totalLinkId(definition),
      text: `${definition.name} total score`,
      answer: [{ valueInteger: row.total }],
    });
  }
  return {
    resourceType: 'QuestionnaireResponse',
    id: row.id,
    meta: { lastUpdated: instant(row.created_at) },
    questionnaire: questionnaireUrl(questionnaireId(row.instrument)),
    status: row.complete ? 'completed' : 'in-progress',
    subject: patientReference(row.patient_id),
    authored: row.administered_on,
    item: items,
  };
}
