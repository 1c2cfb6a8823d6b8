/**
 * `npm run generate`: writes the package schema (`schema.ts`) to `schema.json` at the root of the
 * `pulumi-partnercenter` package, where the SDK generator and the drift test read it. Never edit that file by
 * hand: change the definitions and run this.
 */
import * as fs from "fs";
import * as path from "path";

import { schemaJson } from "./schema";

/** Where the checked-in schema lives (the package root, beside `package.json`). */
export const SCHEMA_PATH = path.resolve(__dirname, "..", "..", "schema.json");

if (require.main === module) {
    fs.writeFileSync(SCHEMA_PATH, schemaJson());
    process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
}
