export { openSource, formatOf, ACCEPTED_EXTENSIONS } from './open.js';
export { listSheets } from './spreadsheet.js';
export { DataError, type DataErrorId } from './errors.js';
export { toText, isPlainObject } from './values.js';
export type { Source, RecordSink, ScanOptions, ReadNote } from './types.js';
