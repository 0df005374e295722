import fc from 'fast-check';
import type { InstrumentId } from '@huddle/shared-types';
import { scoreAssessment, severityOf } from './assessment.scorer';
import { INSTRUMENTS } from './instrument.registry';
import { ScoringValidationError } from './scoring-validation.error';

const instrumentIds = Object.keys(INSTRUMENTS) as InstrumentId[];

/** A full valid answer set for an instrument (non-scored items sometimes omitted). */
const validAnswers = (id: InstrumentId) =>
  fc.record(
    Object.fromEntries(INSTRUMENTS[id].items.map((item) => [item.id, fc.integer({ min: item.min, max: item.max })])),
    { requiredKeys: INSTRUMENTS[id].items.filter((i) => i.scored).map((i) => i.id) },
  );

const instrumentWithAnswers = fc
  .constantFrom(...instrumentIds)
  .chain((id) => validAnswers(id).map((answers) => ({ id, answers })));

describe('scoreAssessment properties', () => {
  it('total equals the sum of the scored items on a complete form', () => {
    fc.assert(
      fc.property(instrumentWithAnswers, ({ id, answers }) => {
        const scored = INSTRUMENTS[id].items.filter((i) => i.scored);
        const result = scoreAssessment(id, answers);
        expect(result.complete).toBe(true);
        expect(result.total).toBe(scored.reduce((sum, item) => sum + (answers[item.id] ?? 0), 0));
      }),
    );
  });

  it('every total in range falls in exactly one band (when bands exist)', () => {
    for (const definition of Object.values(INSTRUMENTS)) {
      fc.assert(
        fc.property(fc.integer(definition.totalRange), (total) => {
          const matching = definition.severityBands.filter((band) => total >= band.min && total <= band.max);
          expect(matching).toHaveLength(definition.severityBands.length === 0 ? 0 : 1);
          expect(severityOf(definition, total)?.code).toBe(matching[0]?.code);
        }),
      );
    }
  });

  it('never totals an incomplete form', () => {
    fc.assert(
      fc.property(
        instrumentWithAnswers.chain(({ id, answers }) =>
          fc
            .subarray(
              INSTRUMENTS[id].items.filter((i) => i.scored).map((i) => i.id),
              { minLength: 1 },
            )
            .map((dropped) => ({ id, answers, dropped })),
        ),
        fc.boolean(),
        ({ id, answers, dropped }, useNull) => {
          const partial: Record<string, number | null> = { ...answers };
          for (const itemId of dropped) {
            if (useNull) partial[itemId] = null;
            else delete partial[itemId];
          }
          const result = scoreAssessment(id, partial);
          expect(result).toMatchObject({ complete: false, total: null, severity: null });
          expect([...result.missingItems].sort()).toEqual([...dropped].sort());
          expect(result.positiveScreen).not.toBe(false);
        },
      ),
    );
  });

  it('rejects any out-of-range or non-integer answer', () => {
    const badValue = fc.oneof(
      fc.integer({ min: 5, max: 1000 }),
      fc.integer({ min: -1000, max: -1 }),
      fc.double({ min: 0.01, max: 3.99, noInteger: true }),
    );
    fc.assert(
      fc.property(instrumentWithAnswers, badValue, fc.nat(), ({ id, answers }, value, pick) => {
        const items = INSTRUMENTS[id].items;
        const item = items[pick % items.length];
        if (!item) return;
        fc.pre(!(Number.isInteger(value) && value >= item.min && value <= item.max));
        expect(() => scoreAssessment(id, { ...answers, [item.id]: value })).toThrow(ScoringValidationError);
      }),
    );
  });

  it('flags safety exactly when PHQ-9 item 9 > 0', () => {
    fc.assert(
      fc.property(validAnswers('PHQ9'), (answers) => {
        expect(scoreAssessment('PHQ9', answers).safetyRisk).toBe((answers['phq9_9'] ?? 0) > 0);
      }),
    );
  });
});
