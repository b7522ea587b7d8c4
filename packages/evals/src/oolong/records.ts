import { cumulativeWeights, type Random } from "../random.js";
import { ChunkBuilder } from "../text/chunk-builder.js";
import { instanceText } from "./instance-templates.js";
import { LABELS, type Label, type LabelledRecord } from "./labels.js";

/** No line is longer than this; forced records are placed where lines surely exist. */
export const MAX_LINE_CHARS = 160;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FIRST_DAY = Date.UTC(2019, 0, 1);
const DAY_COUNT = 6 * 365 + 1;
const DAY_MS = 86_400_000;
// Skewed like real question logs; which label gets which weight depends on the seed.
const BASE_WEIGHTS = [0.3, 0.22, 0.17, 0.13, 0.1, 0.08];
const FAVOURITE_SHARE = 0.35;

export interface ForcedRecord {
  user: string;
  label: Label;
}

export interface RecordsOptions {
  random: Random;
  targetChars: number;
  /** Users in `allowed` are the only ones whose instances get `label`. */
  restrict?: { label: Label; allowed: ReadonlySet<string> };
  /** Records placed at given line indices, which must be below `minimumLines`. */
  forced?: ReadonlyMap<number, ForcedRecord>;
}

export interface RecordsResult {
  context: string;
  records: LabelledRecord[];
}

/** Lines that fit in `targetChars` however long each one turns out. */
export function minimumLines(targetChars: number): number {
  return Math.floor(targetChars / MAX_LINE_CHARS);
}

/** A pool of distinct five-digit user IDs sized to the context. */
export function userPool(random: Random, targetChars: number): string[] {
  const size = Math.min(2_000, Math.max(8, Math.round(targetChars / 85 / 25)));
  const ids = new Set<string>();
  while (ids.size < size) ids.add(String(random.between(10_000, 99_999)));
  return [...ids];
}

/**
 * Renders `Date: … || User: … || Instance: …` lines until `targetChars` is reached and
 * returns the records' hidden labels with them.
 */
export function generateRecords(users: readonly string[], options: RecordsOptions): RecordsResult {
  const { random, targetChars, restrict, forced } = options;
  const dates = dateStrings();
  const labelOrder = random.fork("label-order").shuffle([...LABELS]);
  const weights = LABELS.map((label) => BASE_WEIGHTS[labelOrder.indexOf(label)]!);
  const allLabels = cumulativeWeights(weights);
  const withoutRestricted = restrict
    ? cumulativeWeights(
        weights.map((weight, index) => (LABELS[index] === restrict.label ? 0 : weight)),
      )
    : allLabels;
  const userRandom = random.fork("users");
  // Users differ in activity (a few heavy users) and each leans toward a favourite label.
  const activity = cumulativeWeights(users.map((_, rank) => 1 / (rank + 1) ** 0.7));
  const favourites = users.map(() => userRandom.pick(LABELS));

  const builder = new ChunkBuilder();
  const records: LabelledRecord[] = [];
  let remaining = targetChars;
  for (let index = 0; ; index++) {
    let record: LabelledRecord;
    const date = dates[random.int(dates.length)]!;
    const force = forced?.get(index);
    if (force) {
      record = { date, user: force.user, label: force.label };
    } else {
      const userIndex = searchCumulative(activity, random.next());
      const user = users[userIndex]!;
      const allowed = !restrict || restrict.allowed.has(user);
      let label: Label =
        random.next() < FAVOURITE_SHARE
          ? favourites[userIndex]!
          : LABELS[searchCumulative(allowed ? allLabels : withoutRestricted, random.next())]!;
      if (!allowed && label === restrict?.label) {
        label = LABELS[searchCumulative(withoutRestricted, random.next())]!;
      }
      record = { date, user, label };
    }
    const line = `Date: ${record.date} || User: ${record.user} || Instance: ${instanceText(record.label, random)}\n`;
    if (line.length > remaining) break;
    remaining -= line.length;
    builder.push(line);
    records.push(record);
  }
  return { context: builder.finish().trimEnd(), records };
}

/** Index of the first running sum above `fraction` of the total (binary search). */
function searchCumulative(cumulative: Float64Array, fraction: number): number {
  const target = fraction * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle]! > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

let cachedDates: string[] | undefined;

function dateStrings(): string[] {
  cachedDates ??= Array.from({ length: DAY_COUNT }, (_, day) => {
    const date = new Date(FIRST_DAY + day * DAY_MS);
    const dayOfMonth = String(date.getUTCDate()).padStart(2, "0");
    return `${MONTHS[date.getUTCMonth()]} ${dayOfMonth}, ${date.getUTCFullYear()}`;
  });
  return cachedDates;
}
