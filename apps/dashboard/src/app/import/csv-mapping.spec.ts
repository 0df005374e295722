import { INSTRUMENTS } from '@huddle/scoring';
import {
  csvDataLines,
  csvHeader,
  detectedItemColumns,
  fhirEntryResults,
  guessMapping,
  importParams,
  missingRequired,
} from './csv-mapping';

describe('CSV import mapping', () => {
  it('reads the header row with quotes and a BOM, stopping at the first line break', () => {
    expect(csvHeader('\uFEFFmrn,"Given, name","""quoted""",total\r\nA1,Ana,x,3')).toEqual([
      'mrn',
      'Given, name',
      '"quoted"',
      'total',
    ]);
    expect(csvHeader('')).toEqual([]);
    expect(csvDataLines('mrn,date\nA,1\n\nB,2\n')).toBe(2);
  });

  it("finds each field's column by its default name or a usual spelling, else none", () => {
    const mapping = guessMapping([
      'Patient MRN',
      'First Name',
      'Last name',
      'DOB',
      'Visit date',
      'Questionnaire',
      'Q1',
    ]);
    expect(mapping).toEqual({
      mrn: 'Patient MRN',
      givenName: 'First Name',
      familyName: 'Last name',
      birthDate: 'DOB',
      date: 'Visit date',
      instrument: 'Questionnaire',
      total: null,
    });
    expect(missingRequired(guessMapping(['mrn', 'total'])).map((f) => f.key)).toEqual(['date', 'instrument']);
  });

  it('lists item columns named by item id or LOINC code, as the API finds them', () => {
    const loinc = INSTRUMENTS.PHQ9.items[1]?.loinc ?? 'missing';
    // PHQ-2's items are PHQ-9's first two (same LOINC codes), so the LOINC column serves both.
    expect(detectedItemColumns(['mrn', 'phq9_1', loinc, 'Q3'])).toEqual(['phq9_1', 'phq9_2', 'phq2_2']);
  });

  it('sends the chosen headers, the extra item pairs and the dry-run switch', () => {
    const mapping = guessMapping(['mrn', 'date', 'instrument', 'Score']);
    expect(importParams({ ...mapping, total: 'Score' }, ' phq9_1=Q1, ,phq9_2=Q2 ', true)).toEqual({
      dryRun: 'true',
      mrn: 'mrn',
      date: 'date',
      instrument: 'instrument',
      total: 'Score',
      items: 'phq9_1=Q1,phq9_2=Q2',
    });
  });

  it("pairs each response entry with the entry sent and its OperationOutcome's issues", () => {
    const sent = {
      entry: [
        { resource: { resourceType: 'Patient', id: 'p1' } },
        { resource: { resourceType: 'QuestionnaireResponse' } },
      ],
    };
    const rows = fhirEntryResults(sent, {
      resourceType: 'Bundle',
      entry: [
        { response: { status: '201 Created', location: 'Patient/abc' } },
        {
          response: {
            status: '400 Bad Request',
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [
                { diagnostics: 'stated total 12 differs from the items (9)', expression: ['Bundle.entry[1].resource'] },
              ],
            },
          },
        },
      ],
    });
    expect(rows).toEqual([
      { index: 1, resource: 'Patient/p1', status: '201 Created', ok: true, location: 'Patient/abc', problems: [] },
      {
        index: 2,
        resource: 'QuestionnaireResponse',
        status: '400 Bad Request',
        ok: false,
        location: null,
        problems: ['stated total 12 differs from the items (9) (at Bundle.entry[1].resource)'],
      },
    ]);
  });
});
