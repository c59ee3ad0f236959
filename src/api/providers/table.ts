import type { DataFormat } from '../../core/findings.js';
import {
  OPENAI_HYPERPARAMETERS,
  OPENAI_SUFFIX,
  type BaseModelRule,
  type ProviderName,
  type ProviderProfile,
} from './profile.js';

/**
 * The providers, one row each. Adding a provider that speaks the OpenAI fine-tuning API is a row
 * here (docs/providers.md); one that does not is a row plus an adapter beside ./together.ts.
 */
const MB = 1024 ** 2;
const GB = 1024 ** 3;
const ALL: readonly DataFormat[] = ['chat', 'prompt-completion', 'preference'];

// OpenAI's fine-tunable models (https://platform.openai.com/docs/guides/fine-tuning): chat models,
// DPO on gpt-4o and gpt-4.1, and the two completion bases.
const OPENAI_BASES: readonly BaseModelRule[] = [
  { pattern: /^(babbage-002|davinci-002)$/, formats: ['prompt-completion'] },
  {
    pattern: /^(gpt-4o-mini-2024-07-18|gpt-4o-2024-08-06|gpt-4\.1(-mini)?-2025-04-14)$/,
    formats: ['chat', 'preference'],
  },
  {
    pattern: /^(gpt-4\.1-nano-2025-04-14|gpt-3\.5-turbo(-0125|-1106|-0613)?|o4-mini-2025-04-16)$/,
    formats: ['chat'],
  },
];

const openai: ProviderProfile = {
  name: 'openai',
  label: 'OpenAI',
  summary: 'OpenAI itself: job creation closes for every organisation on 2027-01-06',
  reference: 'https://platform.openai.com/docs/api-reference/fine-tuning',
  wire: 'openai',
  keyVars: ['OPENAI_API_KEY'],
  auth: 'bearer',
  endpoint: {
    default: 'https://api.openai.com/v1',
    envVars: ['OPENAI_BASE_URL'],
    suffix: '',
    example: 'https://api.openai.com/v1',
  },
  legacyVersionVar: null,
  orgVars: { organization: 'OPENAI_ORG_ID', project: 'OPENAI_PROJECT_ID' },
  rememberBaseUrl: false,
  onThisMachine: false,
  supports: {
    methods: ['supervised', 'dpo'],
    cancel: true,
    pauseResume: true,
    checkpoints: true,
    uploadsApi: true,
    deleteModels: true,
    earlyStop: false,
  },
  // At least 10 examples; files up to 512 MB (https://platform.openai.com/docs/guides/fine-tuning).
  files: { minExamples: 10, maxBytes: 512 * MB, formats: ALL, encoding: 'utf-8' },
  suffix: OPENAI_SUFFIX,
  hyperparameters: OPENAI_HYPERPARAMETERS,
  createOptions: [],
  baseModels: OPENAI_BASES,
  anyModelIsBase: false,
  fineTuneName: /^ft:([^:]+):/,
  modelAliases: [],
  // A blocked organisation gets `403` with this code (OpenAI's deprecations page).
  trainingClosedCodes: ['training_not_available'],
  servingNote: null,
  // Job creation closes for everyone: the radar never proposes to retrain here.
  retrainModel: null,
};

const azure: ProviderProfile = {
  ...openai,
  name: 'azure',
  label: 'Azure OpenAI',
  summary: 'Azure OpenAI / Microsoft Foundry: gpt-4.1 trains to at least 2027-04-14',
  // The GA v1 surface: https://learn.microsoft.com/azure/ai-foundry/openai/reference-preview-latest
  // (paths as OpenAI's under /openai/v1, `api-key` header, no api-version; mirrored at
  // https://azure-foundry.mintlify.app/api-reference/fine-tuning/create-a-fine-tuning-job).
  reference: 'https://learn.microsoft.com/azure/ai-foundry/openai/reference-preview-latest',
  keyVars: ['AZURE_OPENAI_API_KEY'],
  auth: 'api-key',
  endpoint: {
    default: null,
    envVars: ['AZURE_OPENAI_ENDPOINT'],
    suffix: 'openai/v1/',
    example: 'https://RESOURCE.openai.azure.com/',
  },
  legacyVersionVar: 'OPENAI_API_VERSION',
  orgVars: null,
  // Files up to 512 MB, at least 10 examples:
  // https://learn.microsoft.com/azure/ai-foundry/openai/how-to/fine-tuning
  files: { minExamples: 10, maxBytes: 512 * MB, formats: ['chat', 'preference'], encoding: 'utf-8' },
  supports: { ...openai.supports, uploadsApi: false },
  // "up to 40 characters (a-z, A-Z, 0-9, - and _)": no dots (Fine Tuning - Create, REST reference).
  suffix: { maxLength: 40, pattern: /^[A-Za-z0-9_-]+$/, allowed: 'letters, digits, - _ (no dots)' },
  createOptions: [
    {
      key: 'trainingType',
      label: 'Training type',
      flag: '--training-type',
      choices: ['GlobalStandard', 'Standard', 'Developer'],
      default: 'GlobalStandard',
      help: 'GlobalStandard (any region), Standard (your region), Developer (cheaper, preemptible)',
      // Sent in the create body; a model refuses a type it lacks ("Standard TrainingType is not supported").
      path: ['trainingType'],
    },
  ],
  fineTuneName: /^(.+)\.ft-[0-9a-f]+$/i,
  // Azure spells GPT-3.5 `gpt-35-turbo`.
  modelAliases: [[/^gpt-35-/, 'gpt-3.5-']],
  // A fine-tune answers through a deployment, named in the request's `model`.
  servingNote:
    'Azure answers with a fine-tune once it is deployed (Foundry portal or the deployments API); ' +
    'talk to it by the deployment name: `fine-tune chat DEPLOYMENT --provider azure`.',
  retrainModel: 'gpt-4.1-2025-04-14',
};

const nebius: ProviderProfile = {
  ...openai,
  name: 'nebius',
  label: 'Nebius',
  summary: 'Nebius Token Factory: Llama and Qwen, LoRA or full weights, OpenAI SDK',
  // https://docs.tokenfactory.nebius.com/api-reference/fine-tuning/create-a-fine-tuning-job
  reference: 'https://docs.tokenfactory.nebius.com/post-training/how-to-fine-tune',
  keyVars: ['NEBIUS_API_KEY'],
  endpoint: {
    default: 'https://api.tokenfactory.nebius.com/v1/',
    envVars: ['NEBIUS_BASE_URL'],
    suffix: '',
    example: 'https://api.tokenfactory.nebius.com/v1/',
  },
  orgVars: null,
  supports: {
    methods: ['supervised'],
    cancel: true,
    pauseResume: false,
    checkpoints: true,
    uploadsApi: false,
    deleteModels: false,
    earlyStop: false,
  },
  // JSON Lines, conversational or instruction data, files up to 5 GB:
  // https://docs.tokenfactory.nebius.com/post-training/datasets
  files: { minExamples: 1, maxBytes: 5 * GB, formats: ['chat', 'prompt-completion'], encoding: 'utf-8' },
  // An absolute learning rate and no `auto` (hyperparameters in the create body above).
  hyperparameters: {
    ...OPENAI_HYPERPARAMETERS,
    learningRate: {
      wire: 'learning_rate',
      label: 'Learning rate',
      flag: '--learning-rate',
      min: 0,
      max: 1,
      exclusiveMin: true,
      integer: false,
      range: '0–1, e.g. 0.00001',
      name: 'learning rate',
      must: 'above 0 and at most 1',
    },
    acceptsAuto: false,
  },
  createOptions: [
    {
      key: 'lora',
      label: 'Weights',
      flag: '--weights',
      choices: ['LoRA', 'full'],
      default: 'LoRA',
      help: 'LoRA (an adapter Nebius can serve) or full weights',
      path: ['method', 'supervised', 'hyperparameters', 'lora'],
      values: { LoRA: true, full: false },
    },
  ],
  baseModels: [
    {
      pattern: /^(meta-llama\/(Meta-)?Llama-3\.[123]-\d+B-Instruct|Qwen\/Qwen[23](\.\d)?-\d+B(-Instruct)?)$/,
      formats: ['chat', 'prompt-completion'],
    },
  ],
  // A deployed adapter is named `{base}-LoRa:{name}` (POST /v0/models, "Create a custom model").
  fineTuneName: /^(.+)-LoRa:[^:]+$/,
  trainingClosedCodes: [],
  servingNote:
    'Nebius serves a fine-tune once a checkpoint is deployed as a custom model (Token Factory console, ' +
    'or POST /v0/models); then talk to it with `fine-tune chat NAME --provider nebius`.',
  retrainModel: 'meta-llama/Meta-Llama-3.1-8B-Instruct',
};

const together: ProviderProfile = {
  ...nebius,
  name: 'together',
  label: 'Together AI',
  summary: 'Together AI: open models, LoRA or full, its own fine-tuning API',
  // https://docs.together.ai/reference/post-fine-tunes and the OpenAPI file it is generated from
  // (github.com/togethercomputer/openapi, openapi.yaml).
  reference: 'https://docs.together.ai/reference/post-fine-tunes',
  wire: 'together',
  keyVars: ['TOGETHER_API_KEY'],
  endpoint: {
    default: 'https://api.together.xyz/v1',
    envVars: ['TOGETHER_BASE_URL'],
    suffix: '',
    example: 'https://api.together.xyz/v1',
  },
  supports: {
    methods: ['supervised', 'dpo'],
    cancel: true,
    pauseResume: false,
    checkpoints: true,
    uploadsApi: false,
    deleteModels: false,
    earlyStop: false,
  },
  // One `POST /files/upload` takes up to 5 GB (larger files need its own multipart flow).
  files: { minExamples: 1, maxBytes: 5 * GB, formats: ALL, encoding: 'utf-8' },
  createOptions: [
    {
      key: 'trainingType',
      label: 'Weights',
      flag: '--weights',
      choices: ['LoRA', 'full'],
      default: 'LoRA',
      help: 'LoRA (served on its serverless endpoint) or full weights',
      path: ['training_type'],
      values: { LoRA: 'Lora', full: 'Full' },
    },
  ],
  baseModels: [
    {
      pattern:
        /^(meta-llama\/Meta-Llama-3\.1-(8|70)B-Instruct-Reference|meta-llama\/Llama-3\.[23]-\d+B-Instruct(-Reference)?|Qwen\/Qwen2\.5-\d+B-Instruct|mistralai\/Mistral-7B-Instruct-v0\.[23])$/,
      formats: ALL,
    },
  ],
  // Its fine-tunes are named by the job (`model_output_name`); the adapter says which base they have.
  fineTuneName: null,
  servingNote: null,
  retrainModel: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
};

const compatible: ProviderProfile = {
  ...openai,
  name: 'compatible',
  label: 'compatible',
  summary: 'any other service that speaks the OpenAI fine-tuning API: --base-url and FINE_TUNE_API_KEY',
  reference: 'https://platform.openai.com/docs/api-reference/fine-tuning',
  keyVars: ['FINE_TUNE_API_KEY'],
  endpoint: { default: null, envVars: ['FINE_TUNE_BASE_URL'], suffix: '', example: 'https://HOST/v1' },
  orgVars: null,
  rememberBaseUrl: true,
  // Only what every implementation of the API has; pause/resume and the Uploads API are OpenAI's own.
  supports: { ...openai.supports, pauseResume: false, uploadsApi: false },
  files: { minExamples: 1, maxBytes: 512 * MB, formats: ALL, encoding: 'utf-8' },
  anyModelIsBase: true,
  trainingClosedCodes: [],
  retrainModel: null,
};

const local: ProviderProfile = {
  ...openai,
  name: 'local',
  label: 'local',
  summary: 'a small model trained on this machine: free, offline, a rehearsal of the whole flow',
  reference: 'docs/fine-tuning-api.md',
  wire: 'local',
  keyVars: [],
  endpoint: { default: null, envVars: [], suffix: '', example: 'http://127.0.0.1:8080/v1' },
  orgVars: null,
  rememberBaseUrl: true,
  onThisMachine: true,
  supports: { ...openai.supports, methods: ['supervised'], earlyStop: true },
  // The local server refuses a multiplier above 10 (src/server/routes/job-create.ts).
  hyperparameters: {
    ...OPENAI_HYPERPARAMETERS,
    learningRate: {
      ...OPENAI_HYPERPARAMETERS.learningRate,
      max: 10,
      range: '> 0, ≤ 10',
      must: 'above 0 and at most 10',
    },
  },
  // The trainer's own floor (src/server/jobs/worker.ts).
  files: { minExamples: 10, maxBytes: 512 * MB, formats: ['chat', 'prompt-completion'], encoding: 'utf-8' },
  baseModels: [{ pattern: /^local-/, formats: ['prompt-completion', 'chat'] }],
  trainingClosedCodes: [],
  retrainModel: 'local-small',
};

export const PROFILES: Readonly<Record<ProviderName, ProviderProfile>> = {
  openai,
  azure,
  nebius,
  together,
  compatible,
  local,
};

/** The row of a provider. */
export function profileOf(name: ProviderName): ProviderProfile {
  return PROFILES[name];
}
