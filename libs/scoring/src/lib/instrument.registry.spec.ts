import { InstrumentId } from '@huddle/shared-types';
import { followUpOf, getInstrument, INSTRUMENTS } from './instrument.registry';
import { ScoringValidationError } from './scoring-validation.error';

const definitions = Object.values(INSTRUMENTS);

describe('INSTRUMENTS registry', () => {
  it('has one definition per InstrumentId, keyed by its own id', () => {
    expect(Object.keys(INSTRUMENTS).sort()).toEqual(Object.values(InstrumentId).sort());
    for (const [id, definition] of Object.entries(INSTRUMENTS)) expect(definition.id).toBe(id);
  });

  it.each(definitions.map((d) => [d.name, d] as const))(
    '%s: item ids are unique and options match ranges',
    (_name, d) => {
      const ids = d.items.map((item) => item.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const item of d.items) {
        expect(item.options.map((o) => o.value)).toEqual(
          Array.from({ length: item.max - item.min + 1 }, (_, i) => item.min + i),
        );
      }
    },
  );

  it.each(definitions.map((d) => [d.name, d] as const))(
    '%s: totalRange is the sum of scored item ranges',
    (_name, d) => {
      const scored = d.items.filter((item) => item.scored);
      expect(d.totalRange).toEqual({
        min: scored.reduce((sum, item) => sum + item.min, 0),
        max: scored.reduce((sum, item) => sum + item.max, 0),
      });
    },
  );

  it.each(definitions.filter((d) => d.severityBands.length > 0).map((d) => [d.name, d] as const))(
    '%s: severity bands are contiguous and cover the total range',
    (_name, d) => {
      const bands = d.severityBands;
      expect(bands[0]?.min).toBe(d.totalRange.min);
      expect(bands[bands.length - 1]?.max).toBe(d.totalRange.max);
      bands.slice(1).forEach((band, i) => expect(band.min).toBe((bands[i]?.max ?? NaN) + 1));
    },
  );

  it.each([
    ['PHQ9', 10, 9, '44249-1', '44261-6'],
    ['PHQ2', 2, 2, '55757-9', '55758-7'],
    ['GAD7', 7, 7, '69737-5', '70274-6'],
    ['GAD2', 2, 2, null, null],
    ['PCL5', 20, 20, '101697-1', '101698-9'],
    ['AUDITC', 3, 3, '72109-2', '75626-2'],
  ] as const)('%s has %i items (%i scored) and the reference LOINC panel/total', (id, items, scored, panel, total) => {
    const d = INSTRUMENTS[id];
    expect(d.items).toHaveLength(items);
    expect(d.items.filter((item) => item.scored)).toHaveLength(scored);
    expect([d.panelLoinc, d.totalLoinc]).toEqual([panel, total]);
  });

  it('carries the reference PHQ-9 and GAD-7 item LOINC codes in order', () => {
    expect(INSTRUMENTS.PHQ9.items.map((i) => i.loinc)).toEqual([
      '44250-9',
      '44255-8',
      '44259-0',
      '44254-1',
      '44251-7',
      '44258-2',
      '44252-5',
      '44253-3',
      '44260-8',
      null,
    ]);
    expect(INSTRUMENTS.GAD7.items.map((i) => i.loinc)).toEqual([
      '69725-0',
      '68509-9',
      '69733-4',
      '69734-2',
      '69735-9',
      '69689-8',
      '69736-7',
    ]);
    expect(INSTRUMENTS.PHQ9.items[0]?.options.map((o) => o.loinc)).toEqual([
      'LA6568-5',
      'LA6569-3',
      'LA6570-1',
      'LA6571-9',
    ]);
  });

  it('carries the US Core example AUDIT-C item and answer codes for items 2 and 3', () => {
    expect(INSTRUMENTS.AUDITC.items.map((i) => i.loinc)).toEqual([null, '68519-8', '68520-6']);
    expect(INSTRUMENTS.AUDITC.items[2]?.options.map((o) => o.loinc)).toEqual([
      'LA6270-8',
      'LA18933-4',
      'LA18876-5',
      'LA18891-4',
      'LA18934-2',
    ]);
    // Item 1: LOINC answer list LL2179-1.
    expect(INSTRUMENTS.AUDITC.items[0]?.options.map((o) => o.loinc)).toEqual([
      'LA6270-8',
      'LA18926-8',
      'LA18927-6',
      'LA18928-4',
      'LA18929-2',
    ]);
  });

  it('codes every PCL-5 answer with the LOINC answer code of its string', () => {
    expect(INSTRUMENTS.PCL5.items[0]?.options.map((o) => [o.label, o.loinc])).toEqual([
      ['Not at all', 'LA6568-5'],
      ['A little bit', 'LA13863-8'],
      ['Moderately', 'LA13939-6'],
      ['Quite a bit', 'LA13902-4'],
      ['Extremely', 'LA14868-6'],
    ]);
  });

  it('marks PHQ-9 item 9 as the safety item and the difficulty item as not scored', () => {
    expect(INSTRUMENTS.PHQ9.safetyItemId).toBe('phq9_9');
    expect(INSTRUMENTS.PHQ9.items.find((i) => i.id === 'phq9_difficulty')?.scored).toBe(false);
    expect(definitions.filter((d) => d.safetyItemId !== null).map((d) => d.id)).toEqual(['PHQ9']);
  });

  it('getInstrument rejects an unknown id with a ScoringValidationError', () => {
    expect(() => getInstrument('PHQ10' as InstrumentId)).toThrow(ScoringValidationError);
    expect(() => getInstrument('toString' as InstrumentId)).toThrow(/Unknown instrument/);
  });

  describe('followUpOf', () => {
    it('PHQ-2 → PHQ-9: items 1–2 already asked, items 3–9 remain (item 10 is not scored)', () => {
      const f = followUpOf(InstrumentId.PHQ2);
      expect(f?.full.id).toBe('PHQ9');
      expect(f?.sharedItems).toEqual({ phq9_1: 'phq2_1', phq9_2: 'phq2_2' });
      expect(f?.remainingItems.map((i) => i.id)).toEqual([
        'phq9_3',
        'phq9_4',
        'phq9_5',
        'phq9_6',
        'phq9_7',
        'phq9_8',
        'phq9_9',
      ]);
    });

    it('GAD-2 → GAD-7: items 1–2 already asked, items 3–7 remain', () => {
      const f = followUpOf(InstrumentId.GAD2);
      expect(f?.full.id).toBe('GAD7');
      expect(f?.sharedItems).toEqual({ gad7_1: 'gad2_1', gad7_2: 'gad2_2' });
      expect(f?.remainingItems.map((i) => i.id)).toEqual(['gad7_3', 'gad7_4', 'gad7_5', 'gad7_6', 'gad7_7']);
    });

    it('is null for an instrument without a follow-up', () => {
      expect(followUpOf(InstrumentId.AUDITC)).toBeNull();
      expect(followUpOf(InstrumentId.PHQ9)).toBeNull();
    });
  });
});
