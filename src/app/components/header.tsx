import { Box } from 'ink';
import { Text } from './text.js';
import { theme } from '../theme.js';
import { headerLayout, type Step } from './header-layout.js';

export type { Step } from './header-layout.js';

/** One line: the app name, the file, and where the user is among the steps. */
export function Header({
  step,
  file,
  width,
}: {
  readonly step: Step;
  readonly file: string;
  readonly width: number;
}) {
  const { track, current, shownFile, compact, position } = headerLayout(step, file, width);
  return (
    <Box justifyContent="space-between" width={width}>
      <Text wrap="truncate">
        <Text bold {...theme.accent}>
          fine-tune
        </Text>
        <Text {...theme.muted}> {shownFile}</Text>
      </Text>
      {compact ? (
        <Text bold underline {...theme.accent}>
          {position}
        </Text>
      ) : (
        <Text>
          {track.map((s, i) => (
            <Text key={s.step}>
              {i > 0 ? <Text {...theme.muted}> › </Text> : null}
              {i === current ? (
                <Text bold underline {...theme.accent}>
                  {s.label}
                </Text>
              ) : (
                <Text {...(i < current ? {} : theme.muted)}>{s.label}</Text>
              )}
            </Text>
          ))}
        </Text>
      )}
    </Box>
  );
}
