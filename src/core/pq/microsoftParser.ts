// Microsoft's M lexer, parser and formatter, as this extension runs them: the synchronous build of
// @microsoft/powerquery-parser (and the formatter pointed at it) that
// scripts/lib/syncPowerQueryParser.mjs generates into build/. Same grammar, trees, errors and
// formatting as the published packages (test/unit/pq/syncParser.test.ts compares them), without
// a generator and a Promise per parse step and with the other mechanical speed-ups the script
// lists, which make a large document about 4x faster to check.
// `npm run build`, `npm run test:unit` and `npm run bench` generate build/ first.
import type * as PQP from '@microsoft/powerquery-parser';
import type * as PQF from '@microsoft/powerquery-formatter';

function load<T>(path: () => T): T {
  try {
    return path();
  } catch (error) {
    throw new Error(`The synchronous build of Microsoft's M parser is missing (${(error as Error).message.split('\n')[0]}); run \`node scripts/lib/syncPowerQueryParser.mjs\` or \`npm run build\`.`);
  }
}

/** The parser used for diagnostics, symbols, references and formatting. */
export const MicrosoftParser = load(() => require('../../../build/powerquery-parser-sync') as typeof PQP);
// Every module of the package has loaded: its re-exports can become plain values (see the script).
(require('../../../build/powerquery-parser-sync/reExports') as { settle(): void }).settle();

/** Microsoft's formatter, parsing with MicrosoftParser. */
export const MicrosoftFormatter = load(() => require('../../../build/powerquery-formatter-sync') as typeof PQF);
