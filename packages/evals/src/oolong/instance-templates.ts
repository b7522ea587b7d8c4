import type { Random } from "../random.js";
import type { Label } from "./labels.js";

// Word lists avoid every label phrase (no "identity", "location", "human being", ...),
// so a label can never be found by searching the context.
const ACRONYMS = [
  "NASA",
  "UNESCO",
  "NATO",
  "HTML",
  "LASER",
  "RADAR",
  "SCUBA",
  "FIFA",
  "UNICEF",
  "GPS",
  "DNA",
  "CPU",
  "OPEC",
  "IMF",
  "AWOL",
  "PIN",
  "SONAR",
  "ASAP",
  "RSVP",
  "ATM",
  "URL",
  "IQ",
];
const ANIMALS = [
  "bird",
  "fish",
  "dog",
  "cat",
  "horse",
  "snake",
  "beetle",
  "frog",
  "whale",
  "spider",
  "lizard",
  "shark",
  "owl",
  "monkey",
  "bee",
  "turtle",
];
const HABITATS = [
  "Amazon rainforest",
  "Sahara desert",
  "Arctic tundra",
  "Great Barrier Reef",
  "Andes",
  "Mississippi delta",
  "Scottish highlands",
  "Gobi desert",
  "Congo basin",
  "Alps",
];
const GENRES = ["jazz", "flamenco", "bluegrass", "reggae", "baroque", "samba", "klezmer", "polka"];
const FRUITS = ["mango", "plum", "kiwi", "papaya", "lime", "fig", "grapefruit", "lychee"];
const WHY_QUESTIONS = [
  "cats purr",
  "leaves change color",
  "stars twinkle",
  "birds migrate",
  "volcanoes erupt",
  "tides rise and fall",
  "bubbles pop",
  "onions make people cry",
  "glaciers melt",
  "bees hum",
  "magnets attract iron",
  "clouds float",
  "fireflies glow",
  "rivers flood",
];
const CONCEPTS = [
  "democracy",
  "irony",
  "entropy",
  "nostalgia",
  "inflation",
  "karma",
  "stoicism",
  "photosynthesis",
  "impressionism",
  "the placebo effect",
  "supply and demand",
  "a haiku",
];
const DEVICES = [
  "refrigerator",
  "compass",
  "thermostat",
  "microwave oven",
  "jet engine",
  "barometer",
  "solar panel",
  "sewing machine",
  "telescope",
  "vaccine",
];
const INVENTIONS = [
  "telephone",
  "light bulb",
  "printing press",
  "steam engine",
  "television",
  "bicycle",
  "telegraph",
  "radio",
  "airplane",
  "zipper",
  "typewriter",
  "safety pin",
  "stethoscope",
];
const ROLES = ["president", "prime minister", "king", "astronaut", "woman pilot", "chancellor"];
const COUNTRIES = [
  "France",
  "Brazil",
  "India",
  "Kenya",
  "Canada",
  "Japan",
  "Mexico",
  "Norway",
  "Egypt",
  "Australia",
  "Chile",
  "Ireland",
];
const BOOKS = [
  "Moby Dick",
  "War and Peace",
  "Don Quixote",
  "Pride and Prejudice",
  "The Odyssey",
  "Hamlet",
  "Frankenstein",
  "The Little Prince",
  "Dracula",
  "Ulysses",
];
const PLACES = [
  "Timbuktu",
  "Machu Picchu",
  "the Taj Mahal",
  "Angkor Wat",
  "Mount Kilimanjaro",
  "the Dead Sea",
  "Petra",
  "Lake Titicaca",
  "Easter Island",
  "the Golden Gate Bridge",
  "Stonehenge",
  "Loch Ness",
];
const NATURE = [
  "penguins in the wild",
  "giant sequoias",
  "koalas",
  "the deepest caves",
  "coral reefs",
  "active geysers",
  "wild orchids",
  "polar bears",
];
const COUNTABLES = ["eggs", "cards", "pencils", "bottles", "tiles", "seeds", "coins", "pages"];
const CONTAINERS = ["carton", "deck", "box", "crate", "package", "jar", "bag", "binder"];
const CITIES = [
  "Paris",
  "Tokyo",
  "Cairo",
  "Lima",
  "Oslo",
  "Sydney",
  "Toronto",
  "Nairobi",
  "Madrid",
  "Seoul",
];
const EVENTS = [
  "the first moon landing",
  "the fall of the Berlin Wall",
  "the Battle of Hastings",
  "the sinking of the Titanic",
  "the first modern Olympics",
  "the signing of Magna Carta",
];

type Template = (random: Random) => string;

/**
 * Instance templates per label. Each opens with words that settle its answer type
 * ("Who", "Where", "How many", "What does ... stand for", ...), as TREC questions do.
 */
export const INSTANCE_TEMPLATES: Record<Label, readonly Template[]> = {
  abbreviation: [
    (r) => `What does ${r.pick(ACRONYMS)} stand for?`,
    (r) => `What is the full form of ${r.pick(ACRONYMS)}?`,
    (r) => `What is ${r.pick(ACRONYMS)} short for?`,
  ],
  entity: [
    (r) => `What kind of ${r.pick(ANIMALS)} lives in the ${r.pick(HABITATS)}?`,
    (r) => `Which musical instrument is typical of ${r.pick(GENRES)} music?`,
    (r) => `What color is a ripe ${r.pick(FRUITS)}?`,
    (r) => `What breed of ${r.pick(ANIMALS)} makes the best pet?`,
  ],
  "description and abstract concept": [
    (r) => `Why do ${r.pick(WHY_QUESTIONS)}?`,
    (r) => `What is the meaning of ${r.pick(CONCEPTS)}?`,
    (r) => `How does a ${r.pick(DEVICES)} work?`,
  ],
  "human being": [
    (r) => `Who invented the ${r.pick(INVENTIONS)}?`,
    (r) => `Who was the first ${r.pick(ROLES)} of ${r.pick(COUNTRIES)}?`,
    (r) => `Who wrote ${r.pick(BOOKS)}?`,
  ],
  location: [
    (r) => `Where is ${r.pick(PLACES)} located?`,
    (r) => `Where can you find ${r.pick(NATURE)}?`,
    (r) => `In which country is ${r.pick(PLACES)}?`,
  ],
  "numeric value": [
    (r) => `How many ${r.pick(COUNTABLES)} are in a ${r.pick(CONTAINERS)}?`,
    (r) => `When was the ${r.pick(INVENTIONS)} invented?`,
    (r) => {
      const [from, to] = r.shuffle([...CITIES]);
      return `How far is ${from} from ${to}?`;
    },
    (r) => `What year did ${r.pick(EVENTS)} happen?`,
  ],
};

export function instanceText(label: Label, random: Random): string {
  return random.pick(INSTANCE_TEMPLATES[label])(random);
}
