// Writes test/openapi-types.ts, the types a client gets from the API document (npm run api:types). The document
// test fails while the committed file differs from what the routes declare.
import fs from 'node:fs';
import { appDocument, generatedTypes, TYPES_FILE } from '../test/openapi.ts';

const { doc } = await appDocument();
fs.writeFileSync(TYPES_FILE, await generatedTypes(doc));
console.log(`wrote ${TYPES_FILE}`);
