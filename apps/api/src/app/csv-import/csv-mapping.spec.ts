import { readCsvRow, resolveMapping } from './csv-mapping';

/**
 * readCsvRow remembers the validity of each distinct date and the instrument of each distinct spelling
 * (a 100,000-row file repeats few): the remembered answer must be the one computed the first time,
 * row after row, and a new value must still be judged on its own.
 */
describe('readCsvRow (remembered dates and instrument names)', () => {
  const header = ['mrn', 'given_name', 'family_name', 'birth_date', 'date', 'instrument', 'total'];
  const { mapping } = resolveMapping({}, header);
  const today = '2026-12-02';
  const read = (row: number, cells: Partial<Record<string, string>>) =>
    readCsvRow(
      {
        mrn: 'M1',
        given_name: 'A',
        family_name: 'B',
        birth_date: '1980-02-29',
        date: '2026-11-02',
        instrument: 'PHQ-9',
        total: '12',
        ...cells,
      },
      row,
      mapping,
      today,
    );

  it('refuses an impossible date on every row that repeats it, and accepts a real one each time', () => {
    for (let row = 2; row < 6; row++) {
      expect(read(row, { date: '2026-02-30' }).errors).toEqual([
        { row, column: 'date', message: 'date must be a date YYYY-MM-DD' },
      ]);
      expect(read(row, { birth_date: '1981-02-29' }).errors).toEqual([
        { row, column: 'birth_date', message: 'birth date must be a date YYYY-MM-DD' },
      ]);
      expect(read(row, {}).value).toMatchObject({ row, birthDate: '1980-02-29', administeredOn: '2026-11-02' });
    }
  });

  it('still applies the date rules that depend on the row (future, before birth) to a remembered date', () => {
    expect(read(2, { date: '2026-11-02' }).errors).toEqual([]);
    expect(read(3, { date: '2026-11-02', birth_date: '2026-11-03' }).errors).toEqual([
      { row: 3, column: 'date', message: 'date must not be before the birth date' },
    ]);
    expect(read(4, { date: '2026-12-03' }).errors).toEqual([
      { row: 4, column: 'date', message: 'date must not be in the future (today is 2026-12-02)' },
    ]);
  });

  it('reads every spelling of an instrument, and refuses an unknown one on every row', () => {
    for (const spelling of ['PHQ-9', 'phq9', 'PHQ9', ' phq-9 ']) {
      expect(read(2, { instrument: spelling }).value).toMatchObject({ instrument: 'PHQ9', total: 12 });
    }
    for (let row = 2; row < 4; row++) {
      const refused = read(row, { instrument: 'PHQ-10' });
      expect(refused.value).toBeNull();
      expect(refused.errors).toEqual([expect.objectContaining({ row, column: 'instrument' })]);
    }
  });
});
