/**
 * Previews state consequences (issue 9), through the real Pulumi CLI against the emulator:
 * - a replace preview warns, per customer, naming it and what happens to its tenant (`diff` runs in preview);
 * - a destroy preview calls no provider code (Pulumi's DeleteStep does nothing in a dry run), so it cannot warn:
 *   this test pins that limit (README "What preview tells you before a replace or destroy") and shows what does
 *   tell, before confirmation: `--diff` lists each resource's `onDelete`; the destroy itself warns per resource;
 * - a refresh that finds a customer deleted out of band reports the removal from state as a warning.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";

import { offlinePulumiEnv } from "../../scripts/pulumi-env";

import { count, customerArgs, setUpE2E, withOps, type E2EEnvironment } from "./harness";

/** The `[partnercenter]` warning lines of some CLI output. */
function warnings(output: string): string[] {
    return output.split("\n").filter((l) => /warning: \[partnercenter\]/.test(l));
}

describe("e2e: replace and destroy previews state what onDelete will do", function () {
    let e2e: E2EEnvironment | undefined;
    const ids: Record<string, string> = {};
    const customers = {
        kept: customerArgs("e2ekept", { onDelete: "retain" }),
        released: customerArgs("e2ereleased", { onDelete: "removeRelationship" }),
        doomed: customerArgs("e2edoomed", { onDelete: "delete" }),
    };

    before(async () => {
        e2e = await setUpE2E();
        await e2e.setCustomers(customers);
        const up = await e2e.stack.up();
        const outputs = up.outputs["ids"]?.value as Record<string, { customerId: string }>;
        for (const name of Object.keys(customers)) {
            ids[name] = outputs[name]!.customerId;
        }
        assert.strictEqual(e2e.emulator.store.count(), 3);
    });
    after(async () => {
        await e2e?.dispose();
    });

    it("a replace preview warns per customer, naming it and what happens to its tenant", async () => {
        const env = e2e!;
        // A new domain replaces each customer (the old one keeps its domain, so the create could go ahead).
        await env.setCustomers({
            kept: customerArgs("e2ekeptnew", { onDelete: "retain" }),
            released: customerArgs("e2ereleasednew", { onDelete: "removeRelationship" }),
            doomed: customerArgs("e2edoomednew", { onDelete: "delete" }),
        });
        const since = env.mark();
        let output = "";
        const { ops } = await withOps((o) => env.stack.preview({ ...o, onOutput: (t) => (output += t) }));
        assert.strictEqual(ops["replace"], 3, JSON.stringify(ops));
        const lines = warnings(output);
        const expected: Record<string, RegExp> = {
            kept: /kept in Partner Center \(onDelete: retain\): its tenant, reseller relationship and subscriptions stay/,
            released:
                /reseller relationship removed \(onDelete: removeRelationship\): the tenant stays in Partner Center/,
            doomed: /deleted \(onDelete: delete; integration sandbox only\): its tenant is removed from Partner Center/,
        };
        for (const [name, effect] of Object.entries(expected)) {
            const line = lines.find((l) =>
                l.includes(`customer ${ids[name]} (e2e${name}.onmicrosoft.com) will be replaced`),
            );
            assert.ok(line, `a warning names customer ${name} (${ids[name]}):\n${lines.join("\n")}`);
            assert.match(line, /creates a NEW Partner Center customer tenant/);
            assert.match(line, effect);
        }
        // A preview: nothing created, deleted or changed.
        for (const operation of ["createCustomer", "deleteCustomer", "updateCustomerRelationship"]) {
            assert.strictEqual(count(since(), operation), 0, operation);
        }
        await env.setCustomers(customers);
    });

    it("a destroy preview calls no provider code, so it cannot warn; --diff shows each onDelete; destroy warns", async () => {
        const since = e2e!.mark();
        // The CLI itself (`pulumi destroy --preview-only --diff`): the Automation API's previewDestroy passes no --diff.
        const env = offlinePulumiEnv(e2e!.paths);
        delete env["PULUMI_SKIP_CONFIRMATIONS"]; // it means --yes, which --preview-only refuses
        const cli = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
            execFile(
                path.join(e2e!.paths.binDir, "pulumi"),
                ["destroy", "--preview-only", "--diff", "--stack", e2e!.paths.stackName, "--non-interactive"],
                { cwd: e2e!.paths.workDir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
                (error, stdout, stderr) =>
                    resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
            ),
        );
        assert.strictEqual(cli.code, 0, `${cli.stdout}\n${cli.stderr}`);
        const preview = cli.stdout;
        assert.match(preview, /- 4 to delete/, preview); // three customers and the stack
        // The limit, pinned: no call reached the provider (no request, no line of ours).
        assert.deepStrictEqual(since(), []);
        assert.deepStrictEqual(warnings(preview), []);
        // What does tell before confirming: the old state of each resource, onDelete included.
        const shown: Record<string, string> = {};
        for (const block of preview.split(/^- /m)) {
            const name = /\[urn=[^\]]*IndirectResellerCustomer::(\w+)\]/.exec(block)?.[1];
            const onDelete = /^\s+onDelete\s*:\s*"(\w+)"/m.exec(block)?.[1];
            if (name && onDelete) {
                shown[name] = onDelete;
            }
        }
        assert.deepStrictEqual(shown, { kept: "retain", released: "removeRelationship", doomed: "delete" }, preview);

        let destroy = "";
        await e2e!.stack.destroy({ onOutput: (t) => (destroy += t) });
        const lines = warnings(destroy);
        assert.ok(
            lines.some((l) => l.includes(`customer ${ids["kept"]} (e2ekept.onmicrosoft.com) stays in Partner Center`)),
            lines.join("\n"),
        );
        assert.ok(e2e!.emulator.store.get(ids["kept"]!), "retain kept the customer");
        assert.strictEqual(e2e!.emulator.store.get(ids["doomed"]!), undefined, "delete deleted the sandbox customer");
    });

    it("a refresh that finds a customer deleted out of band warns of its removal from state", async () => {
        const env = e2e!;
        await env.setCustomers({ gone: customerArgs("e2egone") });
        const up = await env.stack.up();
        const id = (up.outputs["ids"]?.value as Record<string, { customerId: string }>)["gone"]!.customerId;
        assert.ok(env.emulator.store.delete(id));
        let output = "";
        const refresh = await env.stack.refresh({ onOutput: (t) => (output += t) });
        assert.strictEqual(refresh.summary.resourceChanges?.["delete"], 1);
        assert.ok(
            warnings(output).some((l) =>
                l.includes(
                    `customer ${id} (e2egone.onmicrosoft.com) no longer exists in Partner Center; removing it from state`,
                ),
            ),
            output,
        );
    });
});
