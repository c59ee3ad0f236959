/** Types of topic-corpus.js (plain JavaScript, shared with the bench). */
export declare function seeded(seed: number): () => number;
export declare const TOPICS: readonly string[];
export interface Example {
  prompt: string;
  completion: string;
}
export declare function topicCorpus(options: {
  rows: number;
  classes?: number;
  noise?: number;
  seed?: number;
  topicShare?: number;
  phraseShare?: number;
}): { examples: Example[]; flips: Map<number, string> };
export declare function nearCopy(text: string, random: () => number): string;
