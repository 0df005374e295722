import { CptCode, type BillingWorklist } from '@huddle/shared-types';
import { toCsv, type ExportTable } from '../exports/table-export';

export { csvField } from '../exports/table-export';

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

/** The worklist as an export table (CSV and Excel share it: `exports/table-export.ts`). */
export function billingWorklistTable(worklist: BillingWorklist): ExportTable {
  const rows = worklist.patients.map((p) => {
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
  return { title: `CoCM billing ${worklist.month}`, header: WORKLIST_CSV_HEADER, rows };
}

/**
 * The worklist as RFC 4180 CSV (CRLF line ends, a header row). Every field is quoted when it holds a
 * comma, quote or line break (quotes doubled); a text field starting with `=`, `+`, `-`, `@`, tab or
 * carriage return is prefixed with `'` so a spreadsheet does not run it as a formula.
 */
export function billingWorklistCsv(worklist: BillingWorklist): string {
  return toCsv([billingWorklistTable(worklist)]);
}
