/**
 * The partner programme's feed: JSONL (one firm or consultant object per line, `"type": "firm"|"consultant"`)
 * or CSV with a header row (a `type` column; lists separated by `|`; nested fields as dotted columns such as
 * `capacity.open_referrals`; a firm's certifications as `id;cover+cover;YYYY-MM-DD` items). Every line is
 * validated; the caller imports only when no line was rejected (all or nothing).
 */
import { parse as parseCsv } from "csv-parse/sync";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import { describeIssue, FeedRecordSchema, toConsultant, toFirm, type Consultant, type Firm } from "./directory.ts";

export interface RejectedLine {
  line: number;
  id?: string;
  error: string;
}

export interface ParsedFeed {
  firms: Firm[];
  consultants: Consultant[];
  rejected: RejectedLine[];
  lines: number;
}

const LIST_COLUMNS = new Set([
  "systems", "functions", "practices", "industries", "countries", "regions", "languages", "hosting_regions", "skills",
  "contacts.managers",
]);
const NUMBER_COLUMNS = new Set([
  "max_engagement_eur", "capacity.open_referrals", "response_sla_hours", "track_record.offered", "track_record.accepted",
  "track_record.hours_to_accept", "track_record.ratings", "track_record.rating_sum", "track_record.recommend_yes",
  "track_record.recommend_no", "track_record.won", "track_record.lost",
]);

/** One CSV row → the object the zod schema expects (empty cells are left out). */
function fromCsvRow(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(row)) {
    const cell = raw.trim();
    if (cell === "") continue;
    let value: unknown = cell;
    if (column === "certifications") {
      value =
        row.type === "firm"
          ? cell.split("|").map((item) => {
              const [id, covers, expires] = item.split(";").map((s) => s.trim());
              return { id, covers: covers ? covers.split("+").map((s) => s.trim()).filter(Boolean) : [], expires };
            })
          : cell.split("|").map((s) => s.trim()).filter(Boolean);
    } else if (LIST_COLUMNS.has(column)) {
      value = cell.split("|").map((s) => s.trim()).filter(Boolean);
    } else if (NUMBER_COLUMNS.has(column)) {
      value = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
    }
    const path = column.split(".");
    let target = out;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[path.at(-1)!] = value;
  }
  return out;
}

/** Parses and validates a feed; `format` defaults from the file name (`.csv` → CSV, otherwise JSONL). */
export function parseFeed(text: string, format: "jsonl" | "csv"): ParsedFeed {
  const firms: Firm[] = [];
  const consultants: Consultant[] = [];
  const rejected: RejectedLine[] = [];
  const seen = new Map<string, number>();
  let lines = 0;
  const accept = (data: unknown, line: number) => {
    lines++;
    const id = typeof (data as { id?: unknown })?.id === "string" ? (data as { id: string }).id : undefined;
    const parsed = FeedRecordSchema.safeParse(data);
    if (!parsed.success) {
      rejected.push({ line, ...(id ? { id } : {}), error: describeIssue(parsed.error) });
      return;
    }
    const record = parsed.data;
    const key = `${record.type}:${record.id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      rejected.push({ line, id: record.id, error: `id: ${record.type} ${record.id} already appears on line ${first}` });
      return;
    }
    seen.set(key, line);
    if (record.type === "firm") firms.push(toFirm(record));
    else {
      const { firm_id, type: _type, ...rest } = record;
      consultants.push(toConsultant(firm_id, rest));
    }
  };
  if (format === "csv") {
    let rows: Record<string, string>[];
    try {
      rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: false }) as Record<string, string>[];
    } catch (err) {
      const e = err as { lines?: number; message: string };
      return { firms: [], consultants: [], rejected: [{ line: e.lines ?? 1, error: `not valid CSV: ${e.message}` }], lines: 0 };
    }
    // Line numbers as an editor shows them: the header is line 1.
    rows.forEach((row, i) => accept(fromCsvRow(row), i + 2));
  } else {
    text.split("\n").forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch (err) {
        lines++;
        rejected.push({ line: i + 1, error: `not valid JSON (${(err as Error).message})` });
        return;
      }
      accept(data, i + 1);
    });
  }
  // Consultants must name a firm in this feed or already in the store: the store checks the latter.
  return { firms, consultants, rejected, lines };
}

export function feedFormatOf(file: string): "jsonl" | "csv" {
  return /\.csv$/i.test(file) ? "csv" : "jsonl";
}

/** Consultants as CSV (the shape a programme exports for its people); used by `partners generate --format csv`. */
export function consultantsToCsv(consultants: Consultant[]): string {
  return stringifyCsv(
    consultants.map((c) => ({
      type: "consultant",
      id: c.id,
      firm_id: c.firmId,
      certifications: c.certifications.join("|"),
      skills: c.skills.join("|"),
      country: c.country,
      languages: c.languages.join("|"),
      availability: c.availability,
    })),
    { header: true, columns: ["type", "id", "firm_id", "certifications", "skills", "country", "languages", "availability"] },
  );
}

