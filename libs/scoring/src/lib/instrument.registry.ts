import type { InstrumentId } from '@huddle/shared-types';
import { AUDITC_DEFINITION } from './audit-c.instrument';
import { GAD2_DEFINITION } from './gad2.instrument';
import { GAD7_DEFINITION } from './gad7.instrument';
import type { InstrumentDefinition, InstrumentItem } from './instrument-definition.model';
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

/** What follows a positive brief screener: the full instrument and the items the screener already asked. */
export interface FollowUpInstrument {
  readonly full: InstrumentDefinition;
  /** Full-instrument item id → the brief screener's item id that asked the same question. */
  readonly sharedItems: Readonly<Record<string, string>>;
  /** The full instrument's scored items still to ask (in order), i.e. not in `sharedItems`. */
  readonly remainingItems: readonly InstrumentItem[];
}

/**
 * The follow-up of a brief screener (`followUpInstrumentId`: PHQ-2 → PHQ-9, GAD-2 → GAD-7), or `null`
 * when it has none. A brief item and a full item are the same question when they share the item
 * LOINC code (clinical-reference.md §Instruments: the PHQ-2 is PHQ-9 items 1–2, the GAD-2 GAD-7 items 1–2).
 */
export function followUpOf(briefId: InstrumentId): FollowUpInstrument | null {
  const brief = getInstrument(briefId);
  if (!brief.followUpInstrumentId) return null;
  const full = getInstrument(brief.followUpInstrumentId);
  const sharedItems: Record<string, string> = {};
  for (const item of full.items) {
    const same = item.loinc ? brief.items.find((b) => b.loinc === item.loinc) : undefined;
    if (same) sharedItems[item.id] = same.id;
  }
  return {
    full,
    sharedItems,
    remainingItems: full.items.filter((item) => item.scored && !(item.id in sharedItems)),
  };
}
