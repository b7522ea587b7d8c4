import { createRandom } from "../random.js";
import type { Task, TaskMetaBase, TaskOptions } from "../task.js";
import { charsForTokens } from "../tokens.js";
import { LABEL_INSTRUCTIONS, LABELS, type Label, type LabelledRecord } from "./labels.js";
import { type ForcedRecord, generateRecords, minimumLines, userPool } from "./records.js";

/** Which users qualify; both users of a pair must. */
export type PairCondition =
  | { type: "at-least-one"; label: Label }
  | { type: "at-least-two"; label: Label }
  | { type: "both-labels"; label: Label; other: Label };

export interface OolongPairsMeta extends TaskMetaBase {
  condition: PairCondition;
  /** The expected pairs, lower ID first, sorted. */
  pairs: [string, string][];
  records: LabelledRecord[];
}

export type OolongPairsTask = Task<"oolong-pairs", OolongPairsMeta>;

// At most 16 users can ever qualify: C(16, 2) = 120 pairs keeps the answer listable.
const MAX_QUALIFYING = 16;

/**
 * OOLONG-Pairs-style: list every pair of users meeting a condition on their labels, so
 * the answer grows quadratically in the qualifying users. The condition's label is given
 * only to a few users, which keeps the expected list short at any context length.
 */
export function generateOolongPairs(options: TaskOptions): OolongPairsTask {
  const { seed, tokens } = options;
  const targetChars = charsForTokens(tokens);
  const random = createRandom(seed).fork("oolong-pairs");
  const users = userPool(random.fork("user-pool"), targetChars);
  const setup = random.fork("setup");
  const [label, other] = setup.shuffle([...LABELS]) as [Label, Label];
  const conditionType = (["at-least-one", "at-least-two", "both-labels"] as const)[setup.int(3)]!;
  const condition: PairCondition =
    conditionType === "both-labels"
      ? { type: conditionType, label, other }
      : { type: conditionType, label };

  const lines = minimumLines(targetChars);
  const qualifying = Math.min(
    setup.between(6, MAX_QUALIFYING),
    users.length,
    Math.floor(lines / 3),
  );
  if (qualifying < 2) {
    throw new RangeError(`oolong-pairs needs a longer context than ${tokens} tokens`);
  }
  const allowed = setup.shuffle([...users]).slice(0, qualifying);
  // Every allowed user gets the label once; half of them get what the condition needs.
  const forced = new Map<number, ForcedRecord>();
  const place = (record: ForcedRecord) => {
    for (;;) {
      const index = setup.int(lines);
      if (!forced.has(index)) return void forced.set(index, record);
    }
  };
  for (const [position, user] of allowed.entries()) {
    place({ user, label });
    if (position % 2 === 0 && conditionType === "at-least-two") place({ user, label });
    if (position % 2 === 0 && conditionType === "both-labels") place({ user, label: other });
  }
  const { context, records } = generateRecords(users, {
    random: random.fork("records"),
    targetChars,
    restrict: { label, allowed: new Set(allowed) },
    forced,
  });
  const pairs = expectedPairs(condition, records);
  return {
    family: "oolong-pairs",
    context,
    query: `${LABEL_INSTRUCTIONS}\nList all pairs of user IDs (lower ID first, no duplicates) where ${describe(condition)}. Write one pair per line as (ID, ID).`,
    answer: pairs.map(([left, right]) => `(${left}, ${right})`).join("\n"),
    meta: { seed, tokens, chars: context.length, condition, pairs, records },
  };
}

function describe(condition: PairCondition): string {
  switch (condition.type) {
    case "at-least-one":
      return `both users have at least one instance labelled '${condition.label}'`;
    case "at-least-two":
      return `both users have at least two instances labelled '${condition.label}'`;
    case "both-labels":
      return `both users have at least one instance labelled '${condition.label}' and at least one instance labelled '${condition.other}'`;
  }
}

/** Pairs of users meeting `condition` in `records`, lower ID first, sorted. */
export function expectedPairs(
  condition: PairCondition,
  records: readonly LabelledRecord[],
): [string, string][] {
  const perUser = new Map<string, Map<Label, number>>();
  for (const record of records) {
    let counts = perUser.get(record.user);
    if (!counts) {
      counts = new Map();
      perUser.set(record.user, counts);
    }
    counts.set(record.label, (counts.get(record.label) ?? 0) + 1);
  }
  const qualifies = (counts: Map<Label, number>): boolean => {
    const count = counts.get(condition.label) ?? 0;
    if (condition.type === "at-least-two") return count >= 2;
    if (condition.type === "both-labels")
      return count >= 1 && (counts.get(condition.other) ?? 0) >= 1;
    return count >= 1;
  };
  const users = [...perUser].filter(([, counts]) => qualifies(counts)).map(([user]) => user);
  users.sort((left, right) => Number(left) - Number(right));
  const pairs: [string, string][] = [];
  for (let left = 0; left < users.length; left++) {
    for (let right = left + 1; right < users.length; right++)
      pairs.push([users[left]!, users[right]!]);
  }
  return pairs;
}
