/**
 * `npm run generate`: writes the package schema (`schema.ts`) to `schema.json` at the root of the
 * `pulumi-partnercenter` package, where the SDK generator and the drift test read it. Never edit that file by
 * hand: change the definitions and run this.
 */
import * as fs from "fs";
import * as path from "path";

import { installationConfigurationDoc } from "./registry-docs";
import { schemaJson } from "./schema";

/** Where the checked-in schema lives (the package root, beside `package.json`). */
export const SCHEMA_PATH = path.resolve(__dirname, "..", "..", "schema.json");

/** The registry's installation page, generated from the schema (`registry-docs.ts`). */
export const INSTALLATION_DOC_PATH = path.resolve(__dirname, "..", "..", "..", "docs", "installation-configuration.md");

if (require.main === module) {
    fs.writeFileSync(SCHEMA_PATH, schemaJson());
    process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
    fs.writeFileSync(INSTALLATION_DOC_PATH, installationConfigurationDoc());
    process.stdout.write(`wrote ${INSTALLATION_DOC_PATH}\n`);
}
