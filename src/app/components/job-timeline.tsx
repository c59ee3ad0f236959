import { Text } from './text.js';
import type { FineTuningJob } from '../../api/jobs.js';
import { theme } from '../theme.js';

/** `✓ validating files › ✓ queued › ● running › ○ done`: where the job is in its life. */
const STAGES = ['validating files', 'queued', 'running', 'done'] as const;

function stageOf(status: string): number {
  switch (status) {
    case 'validating_files':
      return 0;
    case 'queued':
      return 1;
    case 'running':
    case 'pausing':
    case 'paused':
      return 2;
    default:
      return 3;
  }
}

export function Timeline({ job }: { readonly job: FineTuningJob }) {
  const current = stageOf(job.status);
  const last = job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
  return (
    <Text wrap="truncate">
      {STAGES.map((stage, i) => {
        const name =
          i === 2 && current === 2 ? job.status.replace('_', ' ') : i === 3 && last ? job.status : stage;
        const done = i < current || (i === 3 && job.status === 'succeeded');
        const bad = i === 3 && (job.status === 'failed' || job.status === 'cancelled');
        const mark = bad ? '✗' : done ? '✓' : i === current ? '●' : '○';
        const tone = bad ? theme.error : done ? theme.success : i === current ? theme.accent : theme.muted;
        return (
          <Text key={stage}>
            {i > 0 ? <Text {...theme.muted}> › </Text> : null}
            <Text {...tone} bold={i === current}>
              {mark} {name}
            </Text>
          </Text>
        );
      })}
    </Text>
  );
}
