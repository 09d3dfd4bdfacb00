/** Export rows as CSV (csv-stringify does the quoting). */
import { stringify } from "csv-stringify/sync";

/** CSV with a header row (csv-stringify quotes what needs quoting); cells starting with = + - @ are prefixed so spreadsheets do not run them. */
export function toCsv(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return "";
  const columns = Object.keys(rows[0]!);
  const safe = rows.map((r) => Object.fromEntries(columns.map((c) => [c, typeof r[c] === "string" && /^[=+\-@\t\r]/.test(r[c] as string) ? `'${r[c]}` : r[c]])));
  return stringify(safe, { header: true, columns });
}
