import { INSTRUMENTS } from '@huddle/scoring';
import type { AssessmentRecord } from '@huddle/shared-types';
import type { AssessmentEntity } from '../database/entities';

/**
 * Entity → API shape. Totals, severity and flags are the ones stored when the form was scored;
 * answers are listed for every item in form order, and the severity label and missing items are
 * read from the instrument definition.
 */
export function toAssessmentRecord(assessment: AssessmentEntity): AssessmentRecord {
  const instrument = INSTRUMENTS[assessment.instrument];
  const answers: Record<string, number | null> = {};
  for (const item of instrument.items) answers[item.id] = assessment.answers[item.id] ?? null;
  const band = instrument.severityBands.find((candidate) => candidate.code === assessment.severity);
  return {
    id: assessment.id,
    patientId: assessment.patientId,
    episodeId: assessment.episodeId,
    instrument: assessment.instrument,
    administeredOn: assessment.administeredOn,
    source: assessment.source,
    answers,
    total: assessment.total,
    severity: band ? { code: band.code, label: band.label } : null,
    positiveScreen: assessment.positiveScreen,
    complete: assessment.complete,
    missingItems: instrument.items.filter((item) => item.scored && answers[item.id] === null).map((item) => item.id),
    safetyRisk: assessment.safetyRisk,
    enteredBy: assessment.enteredBy,
    createdAt: assessment.createdAt.toISOString(),
  };
}
