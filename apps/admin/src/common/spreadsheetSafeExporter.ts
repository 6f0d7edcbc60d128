import { defaultExporter, type Exporter } from 'react-admin';

/**
 * A text a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return: `=HYPERLINK("https://evil.example", "x")` as a contact's name) with a leading
 * `'`, so that Excel, LibreOffice and Sheets show it as text (OWASP, "CSV Injection"). The same
 * rule as the server's sessions export (libs/payment-sessions/src/search/payment-session.export.ts).
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function spreadsheetSafe(value: unknown): unknown {
  if (typeof value === 'string') return spreadsheetText(value);
  if (Array.isArray(value)) return value.map(spreadsheetSafe);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, spreadsheetSafe(v)]));
  return value;
}

/**
 * react-admin's CSV export (its defaultExporter: jsonexport, then a download) of records whose
 * every text, nested ones too, is made safe to open in a spreadsheet (spreadsheetText). The
 * contacts, organizations and checkout configurations lists export through it: their names,
 * emails and notes are the merchants' own.
 */
export const spreadsheetSafeExporter: Exporter = (records, fetchRelatedRecords, dataProvider, resource) =>
  defaultExporter(records.map((record) => spreadsheetSafe(record)), fetchRelatedRecords, dataProvider, resource);
