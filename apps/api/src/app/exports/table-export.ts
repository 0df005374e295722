import ExcelJS from 'exceljs';

export type ExportCell = string | number | boolean | null;

/** One sheet of an export: a title, a header row and rows. */
export interface ExportTable {
  title: string;
  header: readonly string[];
  rows: ReadonlyArray<readonly ExportCell[]>;
}

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'`. */
export function neutralised(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: quoted when it holds a comma, quote or line break; numbers as they are. */
export function csvField(value: ExportCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const safe = neutralised(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Tables as RFC 4180 CSV (CRLF line ends). One table: its header and rows; several: each preceded by
 * its title line and separated by an empty line.
 */
export function toCsv(tables: readonly ExportTable[]): string {
  const lines = (table: ExportTable): string[] =>
    [table.header, ...table.rows].map((fields) => fields.map(csvField).join(','));
  if (tables.length === 1 && tables[0]) return lines(tables[0]).join('\r\n') + '\r\n';
  return tables.map((table) => [csvField(table.title), ...lines(table)].join('\r\n')).join('\r\n\r\n') + '\r\n';
}

/**
 * Tables as an Excel workbook (exceljs), one sheet per table: bold frozen header, numbers as numbers,
 * text neutralised against formula injection, column widths from the content.
 */
export async function toXlsx(tables: readonly ExportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Huddle';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.title.slice(0, 31).replace(/[[\]*?/\\:]/g, ' '), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.addRow([...table.header]).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(row.map((cell) => (typeof cell === 'string' ? neutralised(cell) : cell === null ? '' : cell)));
    }
    table.header.forEach((heading, index) => {
      const widest = Math.max(heading.length, ...table.rows.map((row) => String(row[index] ?? '').length));
      sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, widest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The export in `format`. */
export async function renderExport(format: ExportFormat, tables: readonly ExportTable[]): Promise<string | Buffer> {
  return format === 'csv' ? toCsv(tables) : toXlsx(tables);
}
