import type { InstrumentId } from '@huddle/shared-types';
import { AUDITC_DEFINITION } from './audit-c.instrument';
import { GAD2_DEFINITION } from './gad2.instrument';
import { GAD7_DEFINITION } from './gad7.instrument';
import type { InstrumentDefinition } from './instrument-definition.model';
import { PCL5_DEFINITION } from './pcl5.instrument';
import { PHQ2_DEFINITION } from './phq2.instrument';
import { PHQ9_DEFINITION } from './phq9.instrument';
import { ScoringValidationError } from './scoring-validation.error';

/**
 * Every instrument the registry scores, by id. Adding an instrument = adding its id to
 * `InstrumentId` (shared-types) and one definition here; the record type makes a missing
 * definition a compile error.
 */
export const INSTRUMENTS: Readonly<Record<InstrumentId, InstrumentDefinition>> = {
  PHQ9: PHQ9_DEFINITION,
  PHQ2: PHQ2_DEFINITION,
  GAD7: GAD7_DEFINITION,
  GAD2: GAD2_DEFINITION,
  PCL5: PCL5_DEFINITION,
  AUDITC: AUDITC_DEFINITION,
};

/**
 * The definition of `instrumentId`.
 * @throws ScoringValidationError (field `instrumentId`) for an unknown id.
 */
export function getInstrument(instrumentId: InstrumentId): InstrumentDefinition {
  const definition = Object.hasOwn(INSTRUMENTS, instrumentId) ? INSTRUMENTS[instrumentId] : undefined;
  if (!definition) {
    throw new ScoringValidationError(
      'instrumentId',
      `Unknown instrument ${JSON.stringify(instrumentId)}; expected one of ${Object.keys(INSTRUMENTS).join(', ')}`,
    );
  }
  return definition;
}
