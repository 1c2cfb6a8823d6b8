/**
 * Existing customers in bulk, end to end: customers that exist in Partner Center (the emulator) but in no stack;
 * `pulumi-partnercenter discover` (the package's bin, a real child process) writes the bulk-onboarding file for two
 * resellers; one `pulumi up` of examples/bulk-onboarding (the real CLI) adopts them all: no POST, no PUT, every
 * resource `adopted`, and a following preview shows no change.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";

import { REPO_ROOT } from "../../scripts/pulumi-env";
import { apiClient, createBody, uniquePrefix } from "../integration/emulator-helpers";
import {
    BULK_PROGRAM_DIR,
    BULK_PROGRAM_MODULE,
    count,
    customerResources,
    OTHER_RESELLER,
    RESELLER,
    setUpE2E,
    withOps,
    type E2EEnvironment,
} from "./harness";

const run = promisify(execFile);

describe("e2e: discover, then one up adopts every existing customer (0 created)", function () {
    let e2e: E2EEnvironment | undefined;

    after(async () => {
        await e2e?.dispose();
    });

    it("discover --reseller A --reseller B --out file; up adopts all with reads only; preview then shows no change", async function () {
        e2e = await setUpE2E({
            workDir: BULK_PROGRAM_DIR,
            programModule: BULK_PROGRAM_MODULE,
            config: { "partnercenter:domainPreflight": "create" },
        });
        const { emulator } = e2e;
        const api = apiClient(emulator);
        const perReseller = { [RESELLER]: 8, [OTHER_RESELLER]: 4 };
        for (const [reseller, n] of Object.entries(perReseller)) {
            for (let i = 0; i < n; i++) {
                const res = await api("POST", "/v1/customers", {
                    body: createBody({ prefix: uniquePrefix("adopt"), associatedPartnerId: reseller }),
                });
                assert.strictEqual(res.status, 201, res.text);
            }
        }
        const existing = emulator.store.count();

        const file = path.join(e2e.tmp, "customers.json");
        const { partner } = emulator.seed;
        // The bin as `npx pulumi-partnercenter` finds it: linked by `npm ci` + `npm run build` (postbuild relinks
        // it, since npm ci runs before dist/ exists), executable, with its shebang.
        const cli = await run(
            path.join(REPO_ROOT, "node_modules", ".bin", "pulumi-partnercenter"),
            ["discover", "--reseller", RESELLER, "--reseller", OTHER_RESELLER, "--out", file, "--page-size", "5"],
            {
                env: {
                    PATH: process.env["PATH"] ?? "",
                    PARTNERCENTER_ENDPOINT: emulator.url,
                    PARTNERCENTER_TENANT_ID: partner.tenantId,
                    PARTNERCENTER_CLIENT_ID: partner.clientId,
                    PARTNERCENTER_CLIENT_SECRET: partner.clientSecret,
                    PARTNERCENTER_REFRESH_TOKEN: partner.refreshToken,
                },
            },
        );
        assert.match(cli.stderr, /discovered 12 customer\(s\)/);
        const entries = JSON.parse(fs.readFileSync(file, "utf8")) as { adoptExisting: unknown }[];
        assert.strictEqual(entries.length, 12);
        assert.ok(entries.every((e) => e.adoptExisting === true));

        await e2e.stack.setConfig("customersFile", { value: file });
        const since = e2e.mark();
        const { result, ops } = await withOps((o) => e2e!.stack.up({ ...o, parallel: 12 }));
        assert.strictEqual(result.summary.result, "succeeded");
        const log = since();
        assert.strictEqual(count(log, "createCustomer"), 0, "no customer created");
        assert.strictEqual(count(log, "updateBillingProfile"), 0, "no billing profile written (unchanged)");
        assert.ok(
            log.every((e) => e.method === "GET" || e.method === "HEAD"),
            `only reads: ${[...new Set(log.map((e) => `${e.method} ${e.operation}`))].join(", ")}`,
        );
        const byOperation = JSON.stringify(
            Object.fromEntries([...new Set(log.map((e) => e.operation))].map((op) => [op, count(log, op)])),
        );
        // 1 per customer (get by id, whose answer carries the billing profile; read ahead of the engine's serial
        // checks, shared by check and create), plus once per run: the resellers and each reseller's customer list.
        assert.strictEqual(count(log, "getCustomer"), 12, byOperation);
        assert.strictEqual(count(log, "getBillingProfile"), 0, byOperation);
        assert.ok(log.length <= 12 + 3, `${log.length} calls for 12 adoptions: ${byOperation}`);
        assert.strictEqual(ops["create"], 12, "12 resources entered the stack");
        assert.strictEqual(emulator.store.count(), existing, "no tenant created");
        const state = customerResources(await e2e.exportState());
        assert.strictEqual(state.length, 12);
        assert.ok(state.every((r) => r.outputs["adopted"] === true));

        const preview = await withOps((o) => e2e!.stack.preview(o));
        assert.deepStrictEqual(Object.keys(preview.ops), ["same"]);
    });
});
