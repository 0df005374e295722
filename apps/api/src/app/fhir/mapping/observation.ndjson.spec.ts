import fc from 'fast-check';
import { INSTRUMENTS } from '@huddle/scoring';
import type { InstrumentId } from '@huddle/shared-types';
import type { AssessmentRow } from './assessment-row';
import { observationParts, toFhirObservation } from './observation.mapper';
import { observationNdjson } from './observation.ndjson';

const INSTRUMENT_IDS = Object.keys(INSTRUMENTS) as InstrumentId[];

/** Any assessment row the FHIR queries could select: any instrument, answers present, missing or off-scale. */
const rowArbitrary: fc.Arbitrary<AssessmentRow> = fc.constantFrom(...INSTRUMENT_IDS).chain((instrument) =>
  fc.record({
    id: fc.uuid(),
    patient_id: fc.uuid(),
    instrument: fc.constant(instrument),
    administered_on: fc
      .date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    answers: fc.record(
      Object.fromEntries(
        INSTRUMENTS[instrument].items.map((item) => [
          item.id,
          fc.oneof(fc.constant(null), fc.integer({ min: item.min, max: item.max }), fc.integer({ min: -2, max: 30 })),
        ]),
      ),
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, number | null>>,
    total: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
    complete: fc.boolean(),
    created_at: fc.oneof(
      fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
      fc.constant('2026-03-16T15:00:00.123Z'),
    ),
  }),
);

describe('observationNdjson (the bulk export line of an Observation)', () => {
  it('is byte for byte JSON.stringify of the mapper’s Observation, for every part of any assessment', () => {
    fc.assert(
      fc.property(rowArbitrary, (row) => {
        for (const part of observationParts(INSTRUMENTS[row.instrument])) {
          expect(observationNdjson(row, part.ord)).toBe(JSON.stringify(toFhirObservation(row, part.ord)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a part the instrument does not have, as the mapper does', () => {
    const row: AssessmentRow = {
      id: '00000000-0000-4000-8000-000000000009',
      patient_id: '00000000-0000-4000-8000-000000000001',
      instrument: 'PHQ2',
      administered_on: '2026-03-16',
      answers: {},
      total: null,
      complete: false,
      created_at: new Date(0),
    };
    expect(() => observationNdjson(row, 40)).toThrow(/does not exist/);
    expect(() => toFhirObservation(row, 40)).toThrow(/does not exist/);
  });
});
