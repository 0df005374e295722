import { INSTRUMENTS } from '@huddle/scoring';
import type { FhirBundleLike, FhirEntryResult } from './import.models';

/** A column the API maps (query parameter, its default header, whether the file must have it). */
export interface MappingField {
  key: 'mrn' | 'givenName' | 'familyName' | 'birthDate' | 'date' | 'instrument' | 'total';
  label: string;
  defaultHeader: string;
  required: boolean;
  /** Other usual header spellings, compared without case, spaces or punctuation. */
  aliases: readonly string[];
}

/** The API's columns (apps/api csv-import.dto.ts defaults), in the order the page asks for them. */
export const MAPPING_FIELDS: readonly MappingField[] = [
  {
    key: 'mrn',
    label: 'MRN',
    defaultHeader: 'mrn',
    required: true,
    aliases: ['medicalrecordnumber', 'patientmrn', 'mrnumber'],
  },
  {
    key: 'givenName',
    label: 'Given name',
    defaultHeader: 'given_name',
    required: false,
    aliases: ['firstname', 'given'],
  },
  {
    key: 'familyName',
    label: 'Family name',
    defaultHeader: 'family_name',
    required: false,
    aliases: ['lastname', 'surname', 'family'],
  },
  {
    key: 'birthDate',
    label: 'Birth date',
    defaultHeader: 'birth_date',
    required: false,
    aliases: ['dob', 'dateofbirth', 'birthdate'],
  },
  {
    key: 'date',
    label: 'Date of the score',
    defaultHeader: 'date',
    required: true,
    aliases: ['administeredon', 'scoredate', 'administered', 'visitdate'],
  },
  {
    key: 'instrument',
    label: 'Instrument',
    defaultHeader: 'instrument',
    required: true,
    aliases: ['questionnaire', 'measure', 'tool'],
  },
  { key: 'total', label: 'Total score', defaultHeader: 'total', required: false, aliases: ['score', 'totalscore'] },
];

export type ColumnMapping = Record<MappingField['key'], string | null>;

const normal = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The header row of a CSV text (RFC 4180 quoting, a leading BOM ignored). */
export function csvHeader(text: string): string[] {
  const source = text.replace(/^\uFEFF/, '');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
    } else if (c === '\n' || c === '\r') break;
    else cell += c;
  }
  cells.push(cell.trim());
  return cells.length === 1 && cells[0] === '' ? [] : cells;
}

/** Data lines of a CSV text (non-empty lines after the header; a quoted line break counts once more). */
export function csvDataLines(text: string): number {
  return Math.max(0, text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '').length - 1);
}

/** Each field's header in this file: its default name, else a usual spelling of it, else none. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const byNormal = new Map(headers.map((h) => [normal(h), h]));
  const mapping = {} as ColumnMapping;
  for (const field of MAPPING_FIELDS) {
    const candidates = [field.defaultHeader, field.key, ...field.aliases].map(normal);
    mapping[field.key] = candidates.map((c) => byNormal.get(c)).find((h) => h !== undefined) ?? null;
  }
  return mapping;
}

/** Item columns the API finds by itself: headers equal to an item id (`phq9_1`) or its LOINC code. */
export function detectedItemColumns(headers: readonly string[]): string[] {
  const present = new Set(headers);
  return Object.values(INSTRUMENTS).flatMap((d) =>
    d.items.filter((item) => present.has(item.id) || (item.loinc && present.has(item.loinc))).map((item) => item.id),
  );
}

/** The required fields without a column. */
export function missingRequired(mapping: ColumnMapping): MappingField[] {
  return MAPPING_FIELDS.filter((f) => f.required && !mapping[f.key]);
}

/** Query parameters of `POST /api/imports/csv` for this mapping. */
export function importParams(mapping: ColumnMapping, items: string, dryRun: boolean): Record<string, string> {
  const params: Record<string, string> = { dryRun: String(dryRun) };
  for (const field of MAPPING_FIELDS) {
    const header = mapping[field.key];
    if (header) params[field.key] = header;
  }
  const pairs = items
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (pairs.length > 0) params['items'] = pairs.join(',');
  return params;
}

/** One row per entry of the Bundle sent, with the server's status and any OperationOutcome issues. */
export function fhirEntryResults(sent: unknown, answer: FhirBundleLike): FhirEntryResult[] {
  const entries = (sent as { entry?: Array<{ resource?: { resourceType?: string; id?: string } }> }).entry ?? [];
  return (answer.entry ?? []).map((e, index) => {
    const resource = entries[index]?.resource;
    const status = e.response?.status ?? '';
    return {
      index: index + 1,
      resource: resource ? `${resource.resourceType ?? '?'}${resource.id ? `/${resource.id}` : ''}` : '?',
      status,
      ok: /^2\d\d/.test(status),
      location: e.response?.location ?? null,
      problems: (e.response?.outcome?.issue ?? []).map(issueText),
    };
  });
}

/** "diagnostics (at expression)" of one OperationOutcome issue. */
export function issueText(issue: { diagnostics?: string; code?: string; expression?: string[] }): string {
  const where = issue.expression?.length ? ` (at ${issue.expression.join(', ')})` : '';
  return `${issue.diagnostics ?? issue.code ?? 'error'}${where}`;
}
