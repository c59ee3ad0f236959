import yauzl from 'yauzl';
import { DataError } from './errors.js';

/** Spreadsheets this large uncompressed would take gigabytes once parsed: refuse them up front. */
export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
/** Real XLSX parts compress 5–20×; thousands to one is a zip bomb. */
export const MAX_RATIO = 200;
const MAX_ENTRIES = 10_000;

/**
 * Checks an XLSX archive before any parser touches it: reads the central directory, refuses archives
 * whose declared sizes are too large or absurdly compressed, then inflates every entry into nothing
 * (yauzl checks that each entry really is the size it declares) so a lying header cannot get past.
 */
export async function guardZip(path: string, label: string): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, file) =>
      error ? reject(notAZip(label)) : resolve(file),
    ),
  );
  try {
    if (zip.entryCount > MAX_ENTRIES) throw bomb(label, `${zip.entryCount} parts`);
    const entries: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (total > MAX_UNCOMPRESSED_BYTES)
          return reject(bomb(label, `${Math.round(total / 1048576)} MB uncompressed`));
        if (ratio > MAX_RATIO && entry.uncompressedSize > 1024 * 1024) {
          return reject(bomb(label, `a part compressed ${Math.round(ratio)} to 1`));
        }
        entries.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', () => reject(notAZip(label)));
      zip.readEntry();
    });
    for (const entry of entries) await drain(zip, entry, label);
  } finally {
    zip.close();
  }
}

function drain(zip: yauzl.ZipFile, entry: yauzl.Entry, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(notAZip(label));
      stream.on('data', () => undefined);
      stream.on('end', () => resolve());
      stream.on('error', () => reject(bomb(label, 'a part larger than it declares')));
    });
  });
}

function bomb(label: string, what: string): DataError {
  return new DataError(
    'invalid-file',
    `${label}: refusing to open this spreadsheet (${what}); save a smaller file or export it as CSV`,
  );
}

function notAZip(label: string): DataError {
  return new DataError('invalid-file', `${label}: not a valid .xlsx file (it is not a readable zip archive)`);
}
