import { addUsage, type Usage } from "./usage.js";
import type { UsageReport, UsageTotals } from "./usage-report.js";

/** One model request attempt. */
export interface LedgerEntry {
  callId: string;
  nodeId: string;
  depth: number;
  tier: string;
  provider: string;
  modelId: string;
  attempt: number;
  status: "ok" | "failed";
  usage: Usage;
  costUsd?: number;
  /** A failed attempt that may have been billed: `usage` and `costUsd` are its reserved worst case. */
  usageEstimated?: true;
  /** A sub-call answered from the memo (`memoize`): no request was sent, nothing was spent. */
  cached?: true;
}

/** Every model request attempt of a run, at every depth, exactly once. */
export class UsageLedger {
  readonly entries: LedgerEntry[] = [];

  record(entry: LedgerEntry): void {
    this.entries.push(entry);
  }

  report(): UsageReport {
    const report: UsageReport = {
      total: emptyTotals(),
      byModel: {},
      byDepth: {},
      byTier: {},
    };
    for (const entry of this.entries) {
      addEntry(report.total, entry);
      addEntry(group(report.byModel, `${entry.provider}:${entry.modelId}`), entry);
      addEntry(group(report.byDepth, String(entry.depth)), entry);
      addEntry(group(report.byTier, entry.tier), entry);
    }
    return report;
  }

  /** Cost of the entries that belong to the given nodes; `undefined` if any is unknown. */
  costOf(nodeIds: ReadonlySet<string>): number | undefined {
    const totals = emptyTotals();
    for (const entry of this.entries) if (nodeIds.has(entry.nodeId)) addEntry(totals, entry);
    return totals.costUsd;
  }
}

function group(groups: Record<string, UsageTotals>, key: string): UsageTotals {
  const existing = groups[key];
  if (existing) return existing;
  const created = emptyTotals();
  groups[key] = created;
  return created;
}

function emptyTotals(): UsageTotals {
  return { calls: 0, failedCalls: 0, estimatedCalls: 0, cacheHits: 0, costUsd: 0 };
}

function addEntry(totals: UsageTotals, entry: LedgerEntry): void {
  if (entry.cached) {
    totals.cacheHits++;
    return;
  }
  if (entry.status === "failed") {
    totals.failedCalls++;
    // Providers bill what they report; a failed attempt that reported usage still counts,
    // and one that may have been billed counts at its estimate.
    if (entry.usageEstimated) totals.estimatedCalls++;
    else if (entry.costUsd === undefined) return;
  } else {
    totals.calls++;
  }
  Object.assign(totals, addUsage(totals, entry.usage));
  if (totals.costUsd !== undefined) {
    totals.costUsd = entry.costUsd === undefined ? undefined : totals.costUsd + entry.costUsd;
  }
}
