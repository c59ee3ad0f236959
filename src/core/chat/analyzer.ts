import { createHash } from 'node:crypto';
import { trainingTokenLimit } from '../cost.js';
import type { ExampleView, Finding } from '../findings.js';
import { TokenCounter } from '../token-counter.js';
import { TokenStatsAccumulator, type ExampleTokenCounts, type TokenStats } from '../token-stats.js';
import {
  DEFAULT_CHAT_MODEL,
  encodingForModel,
  findSpecialTokens,
  messageTexts,
  type EncodingName,
} from '../tokens.js';
import { buildChatFindings, type ChatCounters } from './chat-findings.js';
import { chatCountJob } from './example-tokens.js';
import {
  DEFAULT_SYSTEM_MESSAGE,
  hasSystemMessage,
  systemText,
  withSystemMessage,
  type ChatFixContext,
} from './fixes.js';
import type { QualityCollector } from '../quality/collector.js';
import { collectChatTurn } from './quality.js';
import { SystemTally } from './system-tally.js';
import { MAX_PREVIEW, RowTracker } from './tracker.js';
import { checkLine, type ChatErrorId, type ChatKind, type Message } from './validate.js';
import { chatExampleView } from './view.js';

export interface ChatAnalyzerOptions {
  /** Base or fine-tuned model name: picks the encoding and the per-example limit. Default gpt-4o-mini. */
  readonly model?: string;
  /** The model is served by the local provider (shorter per-example limit). */
  readonly local?: boolean;
  /** Text `add-system-message` proposes (default: the one most examples use, else a generic one). */
  readonly systemMessage?: string;
  /** Worker threads for token counting on big inputs (0: this thread only). */
  readonly workers?: number;
  /** Examples counted on this thread before workers start. */
  readonly parallelThreshold?: number;
  /** Examples per batch sent to a worker. */
  readonly batchSize?: number;
}

export interface ChatAnalysis {
  readonly findings: Finding[];
  /** Lines seen (valid or not). */
  readonly examples: number;
  /** Lines that are valid examples. */
  readonly valid: number;
  /** Statistics over the valid examples, with `billable` at the model's limit. */
  readonly tokens: TokenStats;
  readonly context: ChatFixContext;
}

/**
 * Validates chat or preference lines as they stream by, keeping counters, line numbers, a hash per
 * line and a few previews — never the examples themselves.
 */
export class ChatAnalyzer {
  private readonly model: string;
  private readonly encoding: EncodingName;
  private readonly limit: number;
  private readonly systemMessage: string | undefined;
  /** The system messages of the valid examples that have one. */
  private readonly systems = new SystemTally();
  private readonly counter: TokenCounter;
  private readonly stats = new TokenStatsAccumulator();
  private readonly seen = new Set<string>();
  private readonly duplicatePositions = new Set<number>();
  private readonly overLimitPositions = new Set<number>();
  private readonly errors = new Map<ChatErrorId, RowTracker>();
  private readonly invalid = new RowTracker();
  private readonly unknownKeys = new Set<string>();
  private readonly unknownRoles = new Set<string>();
  private readonly duplicates = new RowTracker();
  private readonly noSystem = new RowTracker();
  private readonly noUser = new RowTracker();
  private readonly special = new RowTracker();
  private readonly specialFound = new Set<string>();
  private readonly overLimit = new RowTracker();
  private readonly noSystemValues: Array<{ position: number; value: unknown; rawLine: string }> = [];
  /** What the quality checks keep of each valid chat example (null when they are off). */
  quality: QualityCollector | null = null;
  private lines = 0;
  private valid = 0;
  private finished = false;

  constructor(
    readonly kind: ChatKind,
    options: ChatAnalyzerOptions = {},
  ) {
    this.model = options.model ?? DEFAULT_CHAT_MODEL;
    this.encoding = encodingForModel(this.model);
    this.limit = trainingTokenLimit(this.model, options.local ? { local: true } : {});
    this.systemMessage = options.systemMessage;
    this.counter = new TokenCounter(this.encoding, {
      onCounted: (position, counts) => this.counted(position, counts),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.parallelThreshold === undefined ? {} : { parallelThreshold: options.parallelThreshold }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    });
  }

  /**
   * One parsed line. `rawLine` is the line's text as read (JSONL), or `JSON.stringify(value)` for
   * other sources; duplicates are lines whose trimmed text is identical.
   */
  add(position: number, value: unknown, rawLine: string): void {
    this.lines++;
    const view = () => chatExampleView(value, rawLine);
    const digest = createHash('sha1').update(rawLine.trim()).digest('base64').slice(0, 16);
    if (this.seen.has(digest)) {
      this.duplicatePositions.add(position);
      this.duplicates.add(position, () => ({ position, before: view(), after: null }));
    } else this.seen.add(digest);

    const check = checkLine(value, this.kind);
    if (check.errors.size > 0) {
      for (const id of check.errors) {
        let tracker = this.errors.get(id);
        if (!tracker) this.errors.set(id, (tracker = new RowTracker()));
        tracker.add(position, () => ({ position, before: view(), after: null }));
      }
      for (const k of check.unknownKeys) if (this.unknownKeys.size < 5) this.unknownKeys.add(k);
      for (const r of check.unknownRoles) if (this.unknownRoles.size < 5) this.unknownRoles.add(r);
      this.invalid.add(position, () => ({ position, before: view(), after: null }));
      return;
    }
    this.valid++;
    if (this.quality !== null && this.kind === 'chat') collectChatTurn(this.quality, position, value);
    const { messages, outputs } = check;
    if (!hasSystemMessage(messages)) {
      // The previews show the text proposed once the file is read: made in `result()`.
      this.noSystem.add(position);
      if (this.noSystemValues.length < MAX_PREVIEW) this.noSystemValues.push({ position, value, rawLine });
    } else this.systems.addText(systemText(messages));
    if (!messages.some((m) => m['role'] === 'user'))
      this.noUser.add(position, () => ({ position, before: view(), after: view() }));
    this.checkSpecialTokens(position, [...messages, ...outputs], view);
    this.count(position, messages, outputs, view);
  }

  /** Whether token counting went to worker threads (for tests and benchmarks). */
  get usedWorkers(): boolean {
    return this.counter.usedWorkers;
  }

  /** The analysis; waits for token counting on worker threads. */
  async finish(): Promise<ChatAnalysis> {
    await this.counter.finish();
    this.finished = true;
    return this.result();
  }

  /** The analysis, synchronously: only once `finish()` resolved, or when no worker was started. */
  result(): ChatAnalysis {
    if (!this.finished && !this.counter.drainSync()) {
      throw new Error('ChatAnalyzer.result() called while workers are counting: await finish()');
    }
    const systemPrompts = this.systems.top(3);
    const systemMessage = this.systemMessage ?? systemPrompts[0]?.text ?? DEFAULT_SYSTEM_MESSAGE;
    const context: ChatFixContext = {
      kind: this.kind,
      duplicatePositions: this.duplicatePositions,
      overLimitPositions: this.overLimitPositions,
      systemMessage,
      systemPrompts,
      model: this.model,
      limit: this.limit,
    };
    this.noSystem.preview.splice(
      0,
      this.noSystem.preview.length,
      ...this.noSystemValues.map(({ position, value, rawLine }) => ({
        position,
        before: chatExampleView(value, rawLine),
        after: chatExampleView(withSystemMessage(value, this.kind, systemMessage), rawLine),
      })),
    );
    const uses = systemPrompts.find((p) => p.text === systemMessage)?.count ?? 0;
    const findings = buildChatFindings({ ...this.counters(), systemMessage, systemMessageUses: uses });
    return {
      findings,
      examples: this.lines,
      valid: this.valid,
      tokens: this.stats.result({ limit: this.limit }),
      context,
    };
  }

  private counters(): Omit<ChatCounters, 'systemMessage' | 'systemMessageUses'> {
    return {
      kind: this.kind,
      model: this.model,
      limit: this.limit,
      lines: this.lines,
      valid: this.valid,
      errors: this.errors,
      invalid: this.invalid,
      unknownKeys: this.unknownKeys,
      unknownRoles: this.unknownRoles,
      duplicates: this.duplicates,
      noSystem: this.noSystem,
      noUser: this.noUser,
      special: this.special,
      specialFound: this.specialFound,
      overLimit: this.overLimit,
    };
  }

  private checkSpecialTokens(position: number, messages: readonly Message[], view: () => ExampleView): void {
    let found = false;
    for (const m of messages) {
      for (const text of messageTexts(m)) {
        for (const token of findSpecialTokens(text, this.encoding)) {
          found = true;
          this.specialFound.add(token);
        }
      }
    }
    if (found) this.special.add(position, () => ({ position, before: view(), after: view() }));
  }

  private count(
    position: number,
    messages: readonly Message[],
    outputs: readonly Message[],
    view: () => ExampleView,
  ): void {
    const { job, bound } = chatCountJob(position, messages, outputs);
    // Only examples whose upper bound passes the limit can exceed it; those few are counted now,
    // while their preview can still be built.
    if (bound <= this.limit) return this.counter.add(job);
    const counts = this.counter.countNow(job);
    this.stats.add(counts);
    if (counts.total > this.limit) {
      this.overLimitPositions.add(position);
      this.overLimit.add(position, () => ({ position, before: view(), after: null }));
    }
  }

  private counted(position: number, counts: ExampleTokenCounts): void {
    this.stats.add(counts);
    if (counts.total > this.limit) {
      this.overLimitPositions.add(position);
      this.overLimit.add(position);
    }
  }
}
