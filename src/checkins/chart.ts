/**
 * The report chart as a PNG, rendered offline: a Vega-Lite spec (ADKAR medians this round, and each element's
 * median across rounds) compiled by vega-lite, rendered to SVG by vega's headless view, rasterised by
 * @resvg/resvg-js (its native part ships as a per-platform npm package; nothing is downloaded). Text uses the
 * system's fonts; the blocks carry the same figures as text for screen readers.
 */
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import { ADKAR_ELEMENTS, ELEMENT_NAMES } from "./adkar.ts";
import type { CheckinReport } from "./report.ts";

const ORDER = ADKAR_ELEMENTS.map((e) => ELEMENT_NAMES[e]);

/** The Vega-Lite spec of a report's chart (exported for tests); null when nothing may be shown (withheld). */
export function chartSpec(report: CheckinReport): vegaLite.TopLevelSpec | null {
  const current = report.overall.medians;
  if (report.overall.withheld || !current) return null;
  const bars = ADKAR_ELEMENTS.filter((e) => current[e] !== null).map((e) => ({ element: ELEMENT_NAMES[e], median: current[e] }));
  const trend = report.rounds.flatMap((r) =>
    r.withheld || !r.medians ? [] : ADKAR_ELEMENTS.filter((e) => r.medians![e] !== null).map((e) => ({ round: r.round, element: ELEMENT_NAMES[e], median: r.medians![e] })),
  );
  const scale = { domain: [0, 5] };
  const color = { field: "element", type: "nominal", sort: ORDER, legend: { title: null } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `${report.name}: ADKAR medians, round ${report.round}`, anchor: "start" },
    background: "white",
    config: { font: "DejaVu Sans", view: { stroke: null } },
    hconcat: [
      {
        width: 320,
        height: 220,
        title: "This round",
        data: { values: bars },
        layer: [
          {
            mark: { type: "bar" },
            encoding: {
              x: { field: "element", type: "nominal", sort: ORDER, axis: { title: null, labelAngle: -30 } },
              y: { field: "median", type: "quantitative", scale, axis: { title: "Median (1–5)" } },
              color,
            },
          },
          { mark: { type: "rule", strokeDash: [4, 4], color: "#b00" }, encoding: { y: { datum: report.threshold } } },
        ],
      },
      {
        width: 320,
        height: 220,
        title: "Trend by round",
        data: { values: trend },
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "round", type: "ordinal", axis: { title: null, labelAngle: -30 } },
          y: { field: "median", type: "quantitative", scale, axis: { title: null } },
          color,
        },
      },
    ],
  } as vegaLite.TopLevelSpec;
}

/** Renders the chart PNG; null when the report withholds its figures. */
export async function renderReportChart(report: CheckinReport): Promise<Buffer | null> {
  const spec = chartSpec(report);
  if (!spec) return null;
  const compiled = vegaLite.compile(spec).spec;
  // No loader: the data is inline, so nothing is fetched.
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    const svg = await view.toSVG(2);
    const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, background: "white" }).render().asPng();
    return Buffer.from(png);
  } finally {
    view.finalize();
  }
}
