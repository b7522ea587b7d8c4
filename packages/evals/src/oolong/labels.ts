/** The six coarse TREC question classes OOLONG's trec_coarse split labels instances with. */
export const LABELS = [
  "abbreviation",
  "entity",
  "description and abstract concept",
  "human being",
  "location",
  "numeric value",
] as const;

export type Label = (typeof LABELS)[number];

/** One data point's hidden truth. The label never appears in the context. */
export interface LabelledRecord {
  /** As printed, e.g. "Mar 07, 2022". */
  date: string;
  /** A five-digit user ID as printed. */
  user: string;
  label: Label;
}

/** Text for queries: tells the model what the labels mean, since the context has none. */
export const LABEL_INSTRUCTIONS = `Each line of the context is a data point with a date, a user ID and an instance, which is a question. The label of an instance is the type of answer its question asks for, one of: ${LABELS.map((label) => `'${label}'`).join(", ")}. The labels are not written in the context; classify each instance yourself.`;
