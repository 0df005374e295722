import { CptCode, type BillingWorklist } from '@huddle/shared-types';

const CODES = Object.values(CptCode);

/** CSV columns: patient, MRN, care team, minutes, units per CoCM code, billable, reason. */
export const WORKLIST_CSV_HEADER = [
  'Month',
  'Family name',
  'Given name',
  'MRN',
  'Care manager',
  'Billing PCP',
  'First month',
  'Minutes',
  ...CODES.map((code) => `${code} units`),
  'Billable',
  'Not billable because',
];

/**
 * The worklist as RFC 4180 CSV (CRLF line ends, a header row). Every field is quoted when it holds a
 * comma, quote or line break (quotes doubled); a text field starting with `=`, `+`, `-`, `@`, tab or
 * carriage return is prefixed with `'` so a spreadsheet does not run it as a formula.
 */
export function billingWorklistCsv(worklist: BillingWorklist): string {
  const lines = worklist.patients.map((p) => {
    const units = new Map(p.lines.map((line) => [line.code, line.units]));
    return [
      worklist.month,
      p.familyName,
      p.givenName,
      p.mrn,
      p.careManager ?? '',
      p.billingPcp ?? '',
      p.isFirstMonth ? 'yes' : 'no',
      p.minutes,
      ...CODES.map((code) => units.get(code) ?? 0),
      p.billable ? 'yes' : 'no',
      p.notBillableText ?? '',
    ];
  });
  return [WORKLIST_CSV_HEADER, ...lines].map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One CSV field, escaped. Numbers are written as they are. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
