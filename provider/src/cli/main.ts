#!/usr/bin/env node
/**
 * `pulumi-partnercenter` command line (package `bin`):
 *
 *   npx pulumi-partnercenter login [--stack NAME] [--print-env]   (App+User sign-in: see `login.ts`)
 *   npx pulumi-partnercenter migrate [--stack NAME] [--dry-run]    (dynamic provider -> plugin: see `migrate.ts`)
 *   npx pulumi-partnercenter discover --reseller <tenant id> [--reseller <id>...] [--out customers.json]
 *                                     [--page-size N] [--endpoint URL] [--no-progress]
 *
 * Credentials and pacing come from the same `PARTNERCENTER_*` environment variables the provider reads (never from
 * flags: a command line is visible to other users). The file goes to `--out` (written whole, then renamed) or to
 * stdout; a progress bar and the summary go to stderr.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "node:util";

import { Presets, SingleBar } from "cli-progress";

import { clientFromSettings } from "../runtime/client-factory";
import { readSettings, type SettingKey } from "../runtime/settings";
import { discoverCustomers, DiscoverError, type DiscoverProgress } from "./discover";
import { login, LOGIN_USAGE } from "./login";
import { migrate, MIGRATE_USAGE } from "./migrate";

const USAGE = `usage: pulumi-partnercenter discover --reseller <tenant id> [--reseller <id>...] [--out customers.json]
                                  [--page-size N] [--endpoint URL] [--no-progress]

Lists the indirect resellers' existing customers (all pages), reads their billing profiles and writes the
bulk-onboarding file (examples/bulk-onboarding) with adoptExisting: true per customer: one \`pulumi up\` then
adopts them all and creates nothing. Credentials: PARTNERCENTER_TENANT_ID, PARTNERCENTER_CLIENT_ID,
PARTNERCENTER_CLIENT_SECRET, PARTNERCENTER_REFRESH_TOKEN (or PARTNERCENTER_ACCESS_TOKEN); endpoint:
PARTNERCENTER_ENDPOINT or --endpoint; pacing: PARTNERCENTER_REQUESTS_PER_MINUTE, PARTNERCENTER_PACING.

${LOGIN_USAGE}

${MIGRATE_USAGE}`;

/** Run the CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(
    argv: readonly string[],
    io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream | NodeJS.WritableStream; env: NodeJS.ProcessEnv },
): Promise<number> {
    const [command, ...rest] = argv;
    if (command === undefined || command === "--help" || command === "-h") {
        io.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
    }
    if (command === "login") {
        return login(rest, { ...io, cwd: process.cwd() });
    }
    if (command === "migrate") {
        return migrate(rest, { ...io, cwd: process.cwd() });
    }
    if (command !== "discover") {
        io.stderr.write(`unknown command '${command}'\n${USAGE}\n`);
        return 2;
    }
    let values;
    try {
        ({ values } = parseArgs({
            args: [...rest],
            options: {
                reseller: { type: "string", multiple: true },
                out: { type: "string" },
                "page-size": { type: "string" },
                endpoint: { type: "string" },
                "no-progress": { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (e) {
        io.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
        return 2;
    }
    if (values.help) {
        io.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const pageSize = values["page-size"] === undefined ? undefined : Number(values["page-size"]);
    if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0)) {
        io.stderr.write(`--page-size must be a positive integer, got '${values["page-size"]}'\n`);
        return 2;
    }
    if (!values.reseller?.length) {
        io.stderr.write(`--reseller is required (an indirect reseller's tenant id)\n${USAGE}\n`);
        return 2;
    }

    const bar =
        !values["no-progress"] && (io.stderr as NodeJS.WriteStream).isTTY
            ? new SingleBar(
                  {
                      stream: io.stderr as NodeJS.WriteStream,
                      format: "{reseller} {phase} [{bar}] {value}/{total}",
                      hideCursor: true,
                      clearOnComplete: true,
                  },
                  Presets.shades_classic,
              )
            : undefined;
    let barFor: string | undefined;
    const onProgress = (p: DiscoverProgress) => {
        if (!bar || p.phase !== "billingProfiles") {
            return;
        }
        if (barFor !== p.reseller) {
            barFor = p.reseller;
            bar.stop();
            bar.start(p.total, 0, { reseller: p.reseller, phase: "billing profiles" });
        }
        bar.update(p.done);
    };

    try {
        const settings = readSettings((key: SettingKey) => (key === "endpoint" ? values.endpoint : undefined), io.env);
        const client = clientFromSettings(settings);
        const result = await discoverCustomers(client, {
            resellers: values.reseller,
            ...(pageSize !== undefined ? { pageSize } : {}),
            onProgress,
        });
        bar?.stop();
        const text = `${JSON.stringify(result.entries, null, 2)}\n`;
        if (values.out) {
            const out = path.resolve(values.out);
            const tmp = `${out}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, text);
            fs.renameSync(tmp, out);
        } else {
            io.stdout.write(text);
        }
        const counts = Object.entries(result.perReseller)
            .map(([r, n]) => `${r}: ${n}`)
            .join(", ");
        io.stderr.write(
            `discovered ${result.entries.length} customer(s) (${counts})${values.out ? ` -> ${values.out}` : ""}; ` +
                "`pulumi up` adopts them (adoptExisting: true): nothing is created\n",
        );
        return 0;
    } catch (e) {
        bar?.stop();
        io.stderr.write(`discover failed: ${e instanceof Error ? e.message : String(e)}\n`);
        return e instanceof DiscoverError ? 2 : 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
        (code) => process.exit(code),
        (e: unknown) => {
            process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
            process.exit(1);
        },
    );
}
