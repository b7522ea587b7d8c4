import type { Random } from "../random.js";

// Filler has no digits and no hyphens, so a needle's number and hyphenated key can only
// occur where they were placed.
const SUBJECTS = [
  "the committee",
  "a careful reader",
  "the old harbour",
  "every new founder",
  "the river",
  "our neighbour",
  "the small bakery",
  "a travelling musician",
  "the library",
  "the garden",
  "the engineer",
  "a quiet student",
  "the village council",
  "the morning train",
  "the museum curator",
  "a young painter",
  "the city archive",
  "the orchestra",
  "the lighthouse keeper",
  "a patient teacher",
  "the research group",
  "the market",
  "the mountain guide",
  "the night shift",
  "a local journalist",
  "the weather station",
];
const VERBS = [
  "considered",
  "rebuilt",
  "described",
  "ignored",
  "questioned",
  "celebrated",
  "measured",
  "painted",
  "studied",
  "remembered",
  "postponed",
  "explained",
  "improved",
  "visited",
  "catalogued",
  "borrowed",
  "repaired",
  "welcomed",
  "abandoned",
  "simplified",
  "discussed",
];
const OBJECTS = [
  "the long report",
  "an unusual proposal",
  "the winter schedule",
  "a forgotten letter",
  "the stone bridge",
  "the annual festival",
  "a new recipe",
  "the broken clock",
  "an old map",
  "the quiet courtyard",
  "the budget",
  "a collection of songs",
  "the eastern road",
  "the school play",
  "a rare manuscript",
  "the harvest",
  "the wooden boat",
  "the first draft",
  "a strange rumour",
  "the evening lecture",
];
const ADVERBIALS = [
  "before the rain started",
  "with surprising care",
  "after a long debate",
  "without telling anyone",
  "during the autumn months",
  "for reasons nobody recalled",
  "in the early morning",
  "as the season changed",
  "despite the cold",
  "once again",
  "with a little help from friends",
  "at the end of the week",
  "under a grey sky",
  "while the town slept",
  "in front of a small crowd",
  "more slowly than expected",
];
const OPENERS = [
  "In the end,",
  "Later that year,",
  "As it turned out,",
  "For a while,",
  "Meanwhile,",
  "Some people say that",
  "It is worth noting that",
  "By most accounts,",
  "Curiously,",
  "According to the notes,",
  "Not long after,",
  "In hindsight,",
];
const REFLECTIONS = [
  "Good work tends to look obvious only afterwards.",
  "Most plans change once they meet the weather.",
  "Nobody expected the result to matter as much as it did.",
  "Small habits often outlast grand intentions.",
  "The best ideas usually start out looking like toys.",
  "Patience was the one resource that never ran short.",
  "What seemed like a detour became the main road.",
  "People remember stories long after they forget the numbers.",
  "It is easier to start something than to finish it well.",
  "The simplest explanation was, as usual, the right one.",
];

/** One deterministic, varied filler sentence ending in a period, with no trailing space. */
export function fillerSentence(random: Random): string {
  const shape = random.int(10);
  const subject = random.pick(SUBJECTS);
  const verb = random.pick(VERBS);
  const object = random.pick(OBJECTS);
  if (shape < 3) return `${capitalise(subject)} ${verb} ${object} ${random.pick(ADVERBIALS)}.`;
  if (shape < 6) return `${random.pick(OPENERS)} ${subject} ${verb} ${object}.`;
  if (shape < 8) {
    const second = random.pick(SUBJECTS);
    return `${capitalise(subject)} ${verb} ${object}, and ${second} ${random.pick(VERBS)} ${random.pick(OBJECTS)}.`;
  }
  if (shape < 9) return random.pick(REFLECTIONS);
  return `${capitalise(object)} was ${verb} by ${subject} ${random.pick(ADVERBIALS)}.`;
}

/** The separator after a sentence: mostly a space, sometimes a paragraph break. */
export function sentenceSeparator(random: Random): string {
  return random.next() < 0.15 ? "\n\n" : " ";
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
