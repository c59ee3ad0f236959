import { CompareScreen } from './screens/rescue-compare-screen.js';
import { DataScreen } from './screens/rescue-data-screen.js';
import { GoldenScreen } from './screens/rescue-golden-screen.js';
import { ListScreen } from './screens/rescue-screens.js';
import { TargetScreen } from './screens/rescue-target-screen.js';
import type { RescueProps } from './rescue-props.js';

/** The rescue path's screens (one per state); each takes its keys from the rescue rows of the table. */
export function RescueScreen(props: RescueProps) {
  const { state } = props;
  switch (state.screen) {
    case 'rescue-list':
      return <ListScreen {...props} state={state} />;
    case 'rescue-data':
      return <DataScreen {...props} state={state} />;
    case 'rescue-golden':
      return <GoldenScreen {...props} state={state} />;
    case 'rescue-target':
      return <TargetScreen {...props} state={state} />;
    case 'rescue-compare':
      return <CompareScreen {...props} state={state} />;
  }
}
