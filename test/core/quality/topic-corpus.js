// Seeded classification data for the quality checks' tests and bench (plain JavaScript, shared with
// scripts/bench): topics written from their own words and common ones, labels flipped at known rows,
// near-copies made by replacing a word and changing case and spacing.

/** mulberry32: the same numbers on every run. */
export function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka lo mi ne ru sa ti vo ze pa do fi gu ha je'.split(' ');

/** A made-up word per index (the same on every run): no dictionary to ship. */
function word(index) {
  let w = '';
  let k = index + 1;
  while (k > 0) {
    w += SYLLABLES[k % SYLLABLES.length];
    k = Math.floor(k / SYLLABLES.length);
  }
  return w;
}

export const TOPICS = ['sports', 'politics', 'science', 'cooking', 'travel', 'music', 'health', 'money'];

/**
 * `rows` examples of `classes` topics, `noise` of them (a share) relabelled to another topic at random
 * rows. Each prompt mixes words of its topic (a Zipf-like pick among 80; topics share some) with common
 * words, 8 to 20 words long. Returns the examples and the indices of the flipped rows with their true
 * label.
 */
export function topicCorpus({
  rows,
  classes = 5,
  noise = 0.05,
  seed = 1,
  topicShare = 0.05,
  phraseShare = 0.2,
}) {
  const random = seeded(seed);
  const zipf = (n) => Math.floor(n * Math.pow(random(), 2));
  // Phrases: pairs of words from one pool all topics share, each pair its topic's own ("free kick",
  // "free market"): single words say little, neighbours say much.
  const phrases = (topic, k) => [
    word(3000 + ((topic * 7 + k * 3) % 50)),
    word(3000 + ((topic * 11 + k * 5 + 1) % 50)),
  ];
  const examples = [];
  const truth = [];
  for (let i = 0; i < rows; i++) {
    const topic = Math.floor(random() * classes);
    const length = 8 + Math.floor(random() * 13);
    const words = [];
    while (words.length < length) {
      const r = random();
      if (r < topicShare) words.push(word(1000 + topic * 60 + zipf(80)));
      else if (r < topicShare + phraseShare) words.push(...phrases(topic, zipf(30)));
      else words.push(word(zipf(400)));
    }
    examples.push({ prompt: words.join(' '), completion: TOPICS[topic] });
    truth.push(topic);
  }
  const flips = new Map();
  const count = Math.round(noise * rows);
  while (flips.size < count) {
    const i = Math.floor(random() * rows);
    if (flips.has(i)) continue;
    const other = (truth[i] + 1 + Math.floor(random() * (classes - 1))) % classes;
    flips.set(i, TOPICS[truth[i]]);
    examples[i].completion = TOPICS[other];
  }
  return { examples, flips };
}

/**
 * A near-copy of `text`: one word replaced, the case of some words changed, spacing doubled in places
 * and a punctuation mark added.
 */
export function nearCopy(text, random) {
  const words = text.split(' ');
  const at = Math.floor(random() * words.length);
  words[at] = word(5000 + Math.floor(random() * 1000));
  return words
    .map((w, k) => (k % 3 === 0 ? w.toUpperCase() : w))
    .join(random() < 0.5 ? '  ' : ' ')
    .concat(random() < 0.5 ? '!' : ' ?');
}
