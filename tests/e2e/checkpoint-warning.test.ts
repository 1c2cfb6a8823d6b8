/**
 * The checkpoint-cost warning through the real CLI: a bulk `pulumi up` with the engine's default checkpoints that
 * creates more customers than the limit (lowered here with PARTNERCENTER_CHECKPOINT_WARN_AT, which the provider
 * host inherits from the CLI like PULUMI_SKIP_CHECKPOINTS) shows the warning once, with both ways out.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import {
    BULK_PROGRAM_DIR,
    BULK_PROGRAM_MODULE,
    customerArgs,
    RESELLER,
    setUpE2E,
    type E2EEnvironment,
} from "./harness";

describe("e2e: the checkpoint-cost warning", function () {
    let e2e: E2EEnvironment | undefined;
    const saved = { ...process.env };

    after(async () => {
        for (const key of ["PARTNERCENTER_CHECKPOINT_WARN_AT", "PULUMI_SKIP_CHECKPOINTS"]) {
            if (saved[key] === undefined) {
                delete process.env[key];
            } else {
                process.env[key] = saved[key];
            }
        }
        await e2e?.dispose();
    });

    it("a run creating more customers than the limit with checkpoints on is warned once", async () => {
        process.env["PARTNERCENTER_CHECKPOINT_WARN_AT"] = "2";
        delete process.env["PULUMI_SKIP_CHECKPOINTS"];
        e2e = await setUpE2E({
            workDir: BULK_PROGRAM_DIR,
            programModule: BULK_PROGRAM_MODULE,
            config: { "partnercenter:domainPreflight": "create" },
        });
        const entries = [0, 1, 2, 3].map((i) => {
            const args = customerArgs(`ckptwarn${process.pid}${i}`) as { billingProfile: unknown };
            return {
                name: `w${i}`,
                resellerId: RESELLER,
                domain: `ckptwarn${process.pid}${i}.onmicrosoft.com`,
                billingProfile: args.billingProfile,
            };
        });
        const file = path.join(e2e.tmp, "customers.json");
        fs.writeFileSync(file, JSON.stringify(entries));
        await e2e.stack.setConfig("customersFile", { value: file });
        const diagnostics: string[] = [];
        const result = await e2e.stack.up({
            parallel: 4,
            onEvent: (event) => {
                if (event.diagnosticEvent) {
                    diagnostics.push(event.diagnosticEvent.message);
                }
            },
        });
        assert.strictEqual(result.summary.result, "succeeded");
        const warned = diagnostics.filter((m) =>
            m.includes("more than 2 customers in one stack with the engine's default checkpoints"),
        );
        assert.strictEqual(warned.length, 1, `warned once:\n${diagnostics.join("\n")}`);
        const output = warned[0] ?? "";
        assert.match(output, /PULUMI_SKIP_CHECKPOINTS=true/);
        assert.match(output, /partnercenter:adoptExisting ifExists/);
        assert.match(output, /smaller stacks/);
    });
});
