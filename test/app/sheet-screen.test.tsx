import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { listSheets } from '../../src/core/read/spreadsheet.js';
import { fakeEngine, KEY, makeAnalysis, press, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

const SHEETS = join(import.meta.dirname, '../fixtures/sheets');

/** The fake engine, with the real sheet listing (it reads the fixture workbooks). */
function engine() {
  return { ...fakeEngine((path) => makeAnalysis({ input: path })), listSheets };
}

describe('the sheet picker', () => {
  it('lists the sheets with their rows and reads the one chosen, keys typed in one burst', async () => {
    const e = engine();
    const file = join(SHEETS, 'pandas-openpyxl.xlsx');
    const ui = render(<App file={file} services={services(e, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('This workbook has 3 sheets'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toMatch(/› data\s+20 rows/);
    expect(frame).toMatch(/empty cells\s+2 rows/);
    expect(frame).toContain('↑↓ move · enter read this sheet · esc other file · q quit');
    await press(ui, 'jj');
    await waitFor(() => expect(ui.lastFrame()).toMatch(/› formulas\s+5 rows/));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    expect(e.calls.analyze).toEqual([{ path: file, columnMap: undefined, sheet: 'formulas' }]);
  });

  it('wraps from the first sheet up to the last', async () => {
    const ui = render(<App file={join(SHEETS, 'sheetjs.xlsx')} services={services(engine(), tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('› written by SheetJS'));
    await press(ui, KEY.up);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/› second\s+1 row\b/));
  });

  it('takes a move and Enter typed as one chunk as two keys', async () => {
    const e = engine();
    const file = join(SHEETS, 'pandas-openpyxl.xlsx');
    const ui = render(<App file={file} services={services(e, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('This workbook has 3 sheets'));
    await press(ui, 'k\r');
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    expect(e.calls.analyze).toEqual([{ path: file, columnMap: undefined, sheet: 'formulas' }]);
  });

  it('does not ask for a workbook of one sheet', async () => {
    const e = engine();
    const file = join(SHEETS, 'handmade.xlsx');
    const ui = render(<App file={file} services={services(e, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    expect(e.calls.analyze).toEqual([{ path: file, columnMap: undefined }]);
  });

  it('goes back to the path field with esc', async () => {
    const ui = render(<App file={join(SHEETS, 'sheetjs.ods')} services={services(engine(), tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('This workbook has 2 sheets'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('Which data file'));
  });
});
