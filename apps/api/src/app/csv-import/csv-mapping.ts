import {
  INSTRUMENTS,
  scoreAssessment,
  ScoringValidationError,
  severityOf,
  positiveScreenThreshold,
  getInstrument,
} from '@huddle/scoring';
import type { InstrumentId, IsoDate } from '@huddle/shared-types';
import type { CsvImportQueryDto, CsvRowErrorDto } from './dto/csv-import.dto';

/** Header names of the file for each field. */
export interface CsvMapping {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  date: string;
  instrument: string;
  total: string;
  /** Item id → header, for every instrument item the file has a column for. */
  items: Map<string, string>;
}

/** What scoring a row gives, whether from its items or from a stated total alone. */
type CsvScored = Pick<
  CsvScoreRow,
  'answers' | 'answersSignature' | 'total' | 'severity' | 'positiveScreen' | 'complete' | 'safetyRisk'
>;

/** A valid row, scored as a typed score would be. */
export interface CsvScoreRow {
  row: number;
  mrn: string;
  givenName: string | null;
  familyName: string | null;
  birthDate: IsoDate | null;
  instrument: InstrumentId;
  administeredOn: IsoDate;
  answers: Record<string, number | null>;
  /** Canonical `item=value,…` of the answers (part of the content key, as the FHIR import computes it). */
  answersSignature: string;
  total: number | null;
  severity: string | null;
  positiveScreen: boolean | null;
  complete: boolean;
  safetyRisk: boolean;
}

/**
 * The mapping from the query and the file's header. Missing required columns are errors on row 1;
 * item columns default to headers equal to an item id (`phq9_1`) or item LOINC code (`44250-9`).
 */
export function resolveMapping(
  query: CsvImportQueryDto,
  header: readonly string[],
): { mapping: CsvMapping; errors: CsvRowErrorDto[] } {
  const mapping: CsvMapping = {
    mrn: query.mrn ?? 'mrn',
    givenName: query.givenName ?? 'given_name',
    familyName: query.familyName ?? 'family_name',
    birthDate: query.birthDate ?? 'birth_date',
    date: query.date ?? 'date',
    instrument: query.instrument ?? 'instrument',
    total: query.total ?? 'total',
    items: new Map(),
  };
  const present = new Set(header);
  const errors: CsvRowErrorDto[] = [];
  for (const required of [mapping.mrn, mapping.date, mapping.instrument]) {
    if (!present.has(required))
      errors.push({ row: 1, column: required, message: `column ${required} is missing from the header` });
  }
  for (const definition of Object.values(INSTRUMENTS)) {
    for (const item of definition.items) {
      const header = present.has(item.id) ? item.id : item.loinc && present.has(item.loinc) ? item.loinc : null;
      if (header) mapping.items.set(item.id, header);
    }
  }
  for (const pair of query.items ? query.items.split(',') : []) {
    const [itemId = '', column = ''] = pair.split('=').map((part) => part.trim());
    const known = Object.values(INSTRUMENTS).some((d) => d.items.some((item) => item.id === itemId));
    if (!known) errors.push({ row: 1, column: 'items', message: `items: ${itemId} is not an instrument item id` });
    else if (!present.has(column))
      errors.push({ row: 1, column, message: `items: column ${column} is missing from the header` });
    else mapping.items.set(itemId, column);
  }
  return { mapping, errors };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTRUMENT_BY_NAME = new Map<string, InstrumentId>(
  Object.values(INSTRUMENTS).flatMap((d) => [
    [d.id.toLowerCase(), d.id],
    [d.name.toLowerCase().replace(/[^a-z0-9]/g, ''), d.id],
  ]),
);

/**
 * Whether `value` is a real calendar date YYYY-MM-DD. A file repeats few distinct dates (birth dates,
 * screening days) over many rows, and building two `Date`s per cell was a tenth of a 100,000-row
 * import's CPU: answers are remembered (bounded, so a file of all-different dates cannot grow it).
 */
const DATE_VALIDITY = new Map<string, boolean>();
const DATE_VALIDITY_MAX = 10_000;
function isDate(value: string): boolean {
  const known = DATE_VALIDITY.get(value);
  if (known !== undefined) return known;
  let valid = ISO_DATE.test(value);
  if (valid) {
    const date = new Date(`${value}T00:00:00Z`);
    valid = !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }
  if (DATE_VALIDITY.size >= DATE_VALIDITY_MAX) DATE_VALIDITY.clear();
  DATE_VALIDITY.set(value, valid);
  return valid;
}

/** The instrument a cell names (`PHQ-9`, `phq9`, `GAD7`…), looked up once per distinct spelling. */
const INSTRUMENT_BY_CELL = new Map<string, InstrumentId | undefined>();
function instrumentNamed(value: string): InstrumentId | undefined {
  if (INSTRUMENT_BY_CELL.has(value)) return INSTRUMENT_BY_CELL.get(value);
  const id = INSTRUMENT_BY_NAME.get(value.toLowerCase().replace(/[^a-z0-9]/g, ''));
  if (INSTRUMENT_BY_CELL.size >= DATE_VALIDITY_MAX) INSTRUMENT_BY_CELL.clear();
  INSTRUMENT_BY_CELL.set(value, id);
  return id;
}

/**
 * One record of the file: its cells by header name, or a function answering a header's cell (the
 * import parses rows into arrays and looks cells up by the header's index: no object per row).
 */
export type CsvRecord = Readonly<Record<string, string | undefined>> | ((column: string) => string | undefined);

/**
 * Reads one record into a scored row, or its errors (column named). Scoring is `@huddle/scoring`'s
 * (`scoreAssessment`; total-only rows: range, band and positive screen of the definition); a stated
 * total must equal the items' (clinical-reference.md §FHIR notes, the same rule as FHIR import).
 * @param today the clinic's today (dates after it are refused)
 */
export function readCsvRow(
  record: CsvRecord,
  row: number,
  mapping: CsvMapping,
  today: IsoDate,
): { value: CsvScoreRow | null; errors: CsvRowErrorDto[] } {
  const errors: CsvRowErrorDto[] = [];
  const cell =
    typeof record === 'function'
      ? (column: string): string => (record(column) ?? '').trim()
      : (column: string): string => (record[column] ?? '').trim();
  const fail = (column: string, message: string): void => {
    errors.push({ row, column, message });
  };
  const mrn = cell(mapping.mrn);
  if (!mrn) fail(mapping.mrn, 'mrn is required');
  else if (mrn.length > 64) fail(mapping.mrn, 'mrn must be at most 64 characters');
  const birth = cell(mapping.birthDate);
  if (birth && !isDate(birth)) fail(mapping.birthDate, 'birth date must be a date YYYY-MM-DD');
  else if (birth && birth >= today) fail(mapping.birthDate, 'birth date must be in the past');
  const date = cell(mapping.date);
  if (!isDate(date)) fail(mapping.date, 'date must be a date YYYY-MM-DD');
  else if (date > today) fail(mapping.date, `date must not be in the future (today is ${today})`);
  else if (birth && isDate(birth) && date < birth) fail(mapping.date, 'date must not be before the birth date');
  const givenName = cell(mapping.givenName);
  const familyName = cell(mapping.familyName);
  if (givenName.length > 200) fail(mapping.givenName, 'given name must be at most 200 characters');
  if (familyName.length > 200) fail(mapping.familyName, 'family name must be at most 200 characters');
  const instrument = instrumentNamed(cell(mapping.instrument));
  if (!instrument) {
    fail(
      mapping.instrument,
      `instrument must be one of ${Object.values(INSTRUMENTS)
        .map((d) => d.name)
        .join(', ')}`,
    );
    return { value: null, errors };
  }
  const definition = getInstrument(instrument);
  const answers: Record<string, number> = {};
  for (const item of definition.items) {
    const column = mapping.items.get(item.id);
    const raw = column ? cell(column) : '';
    if (!column || raw === '') continue;
    const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(value) || value < item.min || value > item.max) {
      fail(column, `${item.id} must be an integer ${item.min}–${item.max}`);
    } else answers[item.id] = value;
  }
  const totalRaw = cell(mapping.total);
  const statedTotal = totalRaw === '' ? null : /^\d+$/.test(totalRaw) ? Number(totalRaw) : NaN;
  if (Number.isNaN(statedTotal)) fail(mapping.total, 'total must be a whole number');
  if (errors.length > 0) return { value: null, errors };

  // Each row's object is built whole, property by property: an object literal spreading another
  // (`{ ...base, answers, … }`) took V8's slow path here, about 6 µs a row — a third of a
  // 100,000-row file's Node time (bench/results/s8-c-import-profile.md).
  try {
    let scored: CsvScored;
    if (Object.keys(answers).length === 0) {
      if (statedTotal === null) {
        fail(mapping.total, `the row has neither ${definition.name} items nor a total`);
        return { value: null, errors };
      }
      scored = {
        answers: {},
        answersSignature: '',
        total: statedTotal,
        severity: severityOf(definition, statedTotal)?.code ?? null,
        positiveScreen: statedTotal >= positiveScreenThreshold(definition),
        complete: true,
        safetyRisk: false,
      };
    } else {
      const score = scoreAssessment(instrument, answers);
      if (statedTotal !== null && score.complete && score.total !== statedTotal) {
        fail(mapping.total, `total ${statedTotal} disagrees with the items (${String(score.total)})`);
        return { value: null, errors };
      }
      // `score.items` is the scorer's own new object (every item, unanswered ones null): kept as is.
      scored = {
        answers: score.items,
        answersSignature: answersSignature(score.items),
        total: score.total,
        severity: score.severity?.code ?? null,
        positiveScreen: score.positiveScreen,
        complete: score.complete,
        safetyRisk: score.safetyRisk,
      };
    }
    return {
      value: {
        row,
        mrn,
        givenName: givenName || null,
        familyName: familyName || null,
        birthDate: birth || null,
        instrument,
        administeredOn: date,
        answers: scored.answers,
        answersSignature: scored.answersSignature,
        total: scored.total,
        severity: scored.severity,
        positiveScreen: scored.positiveScreen,
        complete: scored.complete,
        safetyRisk: scored.safetyRisk,
      },
      errors,
    };
  } catch (error) {
    if (!(error instanceof ScoringValidationError)) throw error;
    fail(
      error.field === 'total'
        ? mapping.total
        : (mapping.items.get(error.field.replace(/^answers\./, '')) ?? mapping.instrument),
      error.message,
    );
    return { value: null, errors };
  }
}

/** Canonical `item=value,…` of answers, keys sorted (the content key's part; score-candidate.ts `scoreContentKey`). */
function answersSignature(items: Readonly<Record<string, number | null>>): string {
  const keys = Object.keys(items).sort();
  let signature = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    signature += `${i === 0 ? '' : ','}${key}=${String(items[key])}`;
  }
  return signature;
}
