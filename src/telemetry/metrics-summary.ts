import type { Attributes } from "@opentelemetry/api";
import {
  DataPointType,
  type Histogram,
  MetricReader,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { METRIC_ATTR } from "./attributes.ts";

/** A reader that only collects on demand: for the console summary and for tests. */
export class CollectingMetricReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const clean = (n: number) => String(Math.round(n * 1e9) / 1e9);

/** The attributes worth showing on one line (the model, tool, outcome...), without repeating the metric's name. */
function label(attributes: Attributes): string {
  return Object.entries(attributes)
    .filter(([key]) => key !== "gen_ai.operation.name" && key !== "gen_ai.provider.name")
    .map(([key, value]) => `${key === METRIC_ATTR.tokenType ? "" : `${key.split(".").at(-1)}=`}${value}`)
    .join(" ");
}

/**
 * The metrics of a process as a short text table: counters as totals, histograms as count, sum and
 * mean, one line per attribute set.
 */
export function renderMetricsSummary(collected: ResourceMetrics): string {
  const lines: string[] = [];
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      const unit = metric.descriptor.unit ? ` ${metric.descriptor.unit}` : "";
      for (const point of metric.dataPoints) {
        const where = label(point.attributes);
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          const h = point.value as Histogram;
          const sum = h.sum ?? 0;
          const mean = h.count ? sum / h.count : 0;
          lines.push(
            `${metric.descriptor.name}  ${where}  count ${h.count}  sum ${clean(sum)}${unit}  mean ${clean(mean)}${unit}`,
          );
        } else {
          lines.push(`${metric.descriptor.name}  ${where}  ${clean(Number(point.value))}${unit}`);
        }
      }
    }
  }
  return lines.length
    ? `metrics\n${lines.map((line) => `  ${line.replace(/ {2}(?= {2})/g, "")}`).join("\n")}\n`
    : "";
}
