/**
 * Migration of a dynamic-provider stack to the plugin, once, through the real CLI against the emulator: a
 * TypeScript program on the package's classes (dynamic provider) creates a customer and its GDAP relationship;
 * `pulumi-partnercenter migrate` imports both under the plugin's types and names and deletes the dynamic ones from
 * state, calling nothing that writes; the same program on the generated SDK then previews with no changes.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { buildNodejsSdk } from "../../scripts/build-nodejs-sdk";
import { REPO_ROOT } from "../../scripts/pulumi-env";
import { customerArgs } from "../fixtures/customers";
import {
    cliProject,
    CUSTOMER_TOKEN,
    PLUGIN_DIR,
    pluginE2E,
    RELATIONSHIP_TOKEN,
    resourcesOf,
    type YamlProject,
} from "./plugin-harness";

const DYNAMIC = (type: string) => `pulumi-nodejs:dynamic/partnercenter:${type}`;
const CLI = path.join(REPO_ROOT, "provider", "dist", "cli", "main.js");

/**
 * The same program (JavaScript: the migration is about state, not the language) on the dynamic provider's classes
 * or on the generated SDK: only the module differs.
 */
function program(from: "pulumi-partnercenter" | "@pulumi-partnercenter/sdk"): string {
    return [
        `const pc = require("${from}");`,
        `const customer = new pc.IndirectResellerCustomer("contoso", ${JSON.stringify(customerArgs("pluginmigratecontoso"))});`,
        `const relationship = new pc.GdapRelationship("contoso-support", {`,
        `    displayName: "Plugin migrate Contoso support",`,
        `    customerTenantId: customer.tenantId,`,
        `    roles: ["Helpdesk Administrator"],`,
        `});`,
        `exports.customerId = customer.customerId;`,
        `exports.relationshipId = relationship.relationshipId;`,
        "",
    ].join("\n");
}

describe("e2e: migrating a dynamic-provider stack to the plugin (pulumi-partnercenter migrate)", function () {
    let env: Awaited<ReturnType<typeof pluginE2E>>;
    let project: YamlProject;

    /** `pulumi-partnercenter <args>` in the project (asynchronous: the emulator answers from this process). */
    const cli = (args: string[]) =>
        new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
            const child = spawn(process.execPath, [CLI, ...args], { cwd: project.dir, env: project.env });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            child.on("error", reject);
            child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
        });

    before(async function () {
        this.timeout(300_000);
        env = await pluginE2E();
        const dir = path.join(env.tmp, "plugin-migrate");
        fs.mkdirSync(path.join(dir, "node_modules", "@pulumi-partnercenter"), { recursive: true });
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            [
                "name: plugin-migrate",
                "runtime: { name: nodejs, options: { typescript: false } }",
                "main: index.js",
                "plugins:",
                "  providers:",
                "    - name: partnercenter",
                `      path: ${PLUGIN_DIR}`,
                "",
            ].join("\n"),
        );
        buildNodejsSdk(path.join(dir, "node_modules", "@pulumi-partnercenter", "sdk"));
        for (const name of ["@pulumi/pulumi", "pulumi-partnercenter", "typescript", "@types/node"]) {
            fs.mkdirSync(path.dirname(path.join(dir, "node_modules", name)), { recursive: true });
            fs.symlinkSync(
                fs.realpathSync(path.join(REPO_ROOT, "node_modules", name)),
                path.join(dir, "node_modules", name),
            );
        }
        fs.writeFileSync(path.join(dir, "index.js"), program("pulumi-partnercenter"));
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "plugin-migrate", main: "index.js" }));
        project = await cliProject(dir, env.emulator);
        // One @pulumi/pulumi by real path for the host, the program, the package and the SDK (as in plugin-ts-sdk).
        delete project.env["NODE_OPTIONS"];
        await project.pulumi(["up", "--yes", "--skip-preview"]);
    });
    after(async () => {
        await env?.dispose();
    });

    it("--dry-run lists the imports (type, name, id) and the state deletes, and changes nothing", async () => {
        const state = await project.exportState();
        const [customer] = resourcesOf(state, DYNAMIC("IndirectResellerCustomer"));
        const [relationship] = resourcesOf(state, DYNAMIC("GdapRelationship"));
        assert.ok(customer && relationship, "the dynamic provider created both");
        const { code, stdout, stderr } = await cli(["migrate", "--dry-run"]);
        assert.strictEqual(code, 0, stderr);
        const plan = JSON.parse(stdout) as { import: { resources: unknown[] }; stateDelete: string[] };
        assert.deepStrictEqual(plan.import.resources, [
            { type: CUSTOMER_TOKEN, name: "contoso", id: customer.id },
            { type: RELATIONSHIP_TOKEN, name: "contoso-support", id: relationship.id },
        ]);
        assert.deepStrictEqual(plan.stateDelete, [relationship.urn, customer.urn]);
        assert.strictEqual(await project.exportState(), state);
    });

    it("imports both into the plugin's types, deletes the dynamic ones from state, writes nothing; the SDK program previews no changes", async () => {
        const before = await project.exportState();
        const ids = [
            resourcesOf(before, DYNAMIC("IndirectResellerCustomer"))[0]?.id,
            resourcesOf(before, DYNAMIC("GdapRelationship"))[0]?.id,
        ];
        const since = env.emulator.requestLog.length;
        const { code, stdout, stderr } = await cli(["migrate"]);
        assert.strictEqual(code, 0, `${stdout}\n${stderr}`);
        assert.match(stdout, /migrated 2 resource\(s\)/);
        const after = await project.exportState();
        assert.deepStrictEqual(
            [
                ...resourcesOf(after, DYNAMIC("IndirectResellerCustomer")),
                ...resourcesOf(after, DYNAMIC("GdapRelationship")),
            ],
            [],
            "no dynamic resource is left in state",
        );
        assert.deepStrictEqual(
            [resourcesOf(after, CUSTOMER_TOKEN)[0]?.id, resourcesOf(after, RELATIONSHIP_TOKEN)[0]?.id],
            ids,
            "the same customer and relationship, under the plugin's types",
        );
        const writes = env.emulator.requestLog.slice(since).filter((r) => /^(create|delete|update)/.test(r.operation));
        assert.deepStrictEqual(
            writes.map((r) => r.operation),
            [],
            "the migration only read",
        );

        fs.writeFileSync(path.join(project.dir, "index.js"), program("@pulumi-partnercenter/sdk"));
        await project.pulumi(["preview", "--expect-no-changes"]);
        // A second run finds nothing left to move.
        const again = await cli(["migrate"]);
        assert.strictEqual(again.code, 0, again.stderr);
        assert.match(again.stdout, /nothing to migrate/);
    });
});
