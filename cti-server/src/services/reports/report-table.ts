// A report as one table — named columns of a kind, rows of values — from which both exports are
// written (CSV and XLSX), so the two files of a report always hold the same figures.
import ExcelJS from 'exceljs';

/**
 * What a column holds: text; a count; seconds (to the ms); a fraction 0–1 (a rate, shown as a
 * percentage in a spreadsheet).
 */
export type ColumnKind = 'text' | 'count' | 'seconds' | 'fraction';

export interface ReportColumn {
  /** The header cell (snake_case, stable for scripts that read the CSV). */
  key: string;
  kind: ColumnKind;
}

export type ReportCell = string | number | null;

export interface ReportTable {
  /** The worksheet's name in the XLSX (at most 31 characters). */
  name: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
}

/** Milliseconds as seconds to the ms; null stays empty. */
export const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms) / 1000);

/** The table as CSV: UTF-8 with a BOM (spreadsheet programs then read Chinese names), CRLF rows. */
export function tableCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => c.key), ...table.rows].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvCell(value: ReportCell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  count: '0',
  seconds: '0.0',
  fraction: '0.0%',
};

/** The table as an .xlsx workbook of one sheet: numbers stay numbers, rates formatted as %. */
export async function tableXlsx(table: ReportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'kefu';
  const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: c.key,
    key: c.key,
    width: Math.max(12, c.key.length + 2),
    ...(FORMATS[c.kind] ? { style: { numFmt: FORMATS[c.kind] } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? undefined : v)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
